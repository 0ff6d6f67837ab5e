// End-to-end harness: the real tradecast binary (port 0, temp data dir, serving web/dist) and Debian's
// Chromium driven by playwright-core. Never downloads a browser.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { io } from 'socket.io-client';
import { chromiumArgs, chromiumPath } from '../../scripts/chromium-flags.mjs';

const here = dirname(fileURLToPath(import.meta.url));
export const webRoot = join(here, '..');
export const repoRoot = join(webRoot, '..');
export const binary = process.env.TRADECAST_BIN || join(repoRoot, 'build', 'tradecast');
export const screenshotDir = join(here, 'screenshots');

export async function startServer(extraArgs = []) {
  const dir = mkdtempSync(join(tmpdir(), 'tc-e2e-'));
  const args = ['serve', '--port', '0', '--host', '127.0.0.1', '--data-dir', dir, '--argon2-cost', 'min',
    '--auth-rate-limit', '0', '--web-dir', join(webRoot, 'dist'), '--webrtc-ip', '127.0.0.1', ...extraArgs];
  const proc = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => { proc.kill('SIGKILL'); reject(new Error('server did not start:\n' + log)); }, 20000);
    const onData = (d) => {
      log += d.toString();
      const m = /msg=listening .*port=(\d+)/.exec(log);
      if (m) { clearTimeout(timer); resolve(+m[1]); }
    };
    proc.stdout.on('data', onData);
    proc.stderr.on('data', onData);
    proc.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited ${code}:\n${log}`)); });
  });
  proc.stdout.on('data', (d) => { log = (log + d.toString()).slice(-200_000); });
  return {
    url: `http://127.0.0.1:${port}`,
    dataDir: dir,
    log: () => log,
    /** Funds a wallet the way an operator would (issue 4's CLI), safe while the server runs. */
    deposit: (user, cents) => execFileSync(binary, ['wallet', 'deposit', '--data-dir', dir, user, String(cents)], { encoding: 'utf8' }),
    async stop() {
      if (proc.exitCode === null) {
        const exited = new Promise((r) => proc.once('exit', r));
        proc.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser() {
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: chromiumArgs,
  });
  return {
    browser,
    async close() {
      await browser.close(); // playwright gave it a fresh temporary profile and removes it
    },
  };
}

export async function shot(page, name) {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: false, animations: 'disabled' });
}

/** What the server offers today (the UI degrades for missing parts; the tests assert accordingly). */
export async function probe(base) {
  // A missing route answers 404 with a generic code; a route that exists answers 401, 400 or a specific 404.
  const routed = async (method, path, body) => {
    const r = await fetch(base + path, { method, body, headers: body ? { 'content-type': 'application/sdp' } : {} });
    const text = await r.text();
    if (r.status !== 404 && r.status !== 405) return true;
    try { return !['not_found', 'route_not_found', 'method_not_allowed'].includes(JSON.parse(text).error.code); } catch { return false; }
  };
  return {
    realtime: await streamingNamespaceAnswers(base),
    wallet: await routed('GET', '/api/v1/wallet'),
    whep: await routed('POST', '/api/v1/streaming/00000000-0000-0000-0000-000000000000/whep', 'v=0'),
  };
}

// The /streaming namespace (issue 3) is there when join_stream is acknowledged, even with an error.
async function streamingNamespaceAnswers(base) {
  const socket = io(base + '/streaming', { transports: ['websocket'], reconnection: false, timeout: 3000 });
  try {
    return await new Promise((resolve) => {
      const t = setTimeout(() => resolve(false), 4000);
      socket.on('connect_error', () => { clearTimeout(t); resolve(false); });
      socket.on('connect', () => socket.emit('join_stream', { stream_id: '00000000-0000-0000-0000-000000000000' }, () => { clearTimeout(t); resolve(true); }));
    });
  } finally {
    socket.close();
  }
}

let n = 0;
export const uniqueName = (p) => `${p}${Date.now().toString(36).slice(-5)}${(n++).toString(36)}`;
