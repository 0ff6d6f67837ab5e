// End-to-end harness: the real tradecast binary (port 0, temp data dir, serving web/dist; started by the
// integration suites' launcher) and Debian's Chromium driven by playwright-core. Never downloads a browser.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { io } from 'socket.io-client';
import { chromiumArgs, chromiumPath } from '../../scripts/chromium-flags.mjs';
import { binary, repoRoot, startServer as launchServer } from '../../server/tests/integration/harness.mjs';

const here = dirname(fileURLToPath(import.meta.url));
export const webRoot = join(here, '..');
export { binary, repoRoot };
// The bounded waits every JS suite shares (one owner: integration/waits.mjs).
export { sleep, withTimeout, once, waitForEvent, eventually } from '../../server/tests/integration/waits.mjs';
export const screenshotDir = join(here, 'screenshots');

// The server for one e2e file: the integration suites' launcher (one owner) with the UI of web/dist, on
// SQLite in its own data dir, WebRTC on loopback, no auth rate limit (tests register many users).
export async function startServer(extraArgs = []) {
  const srv = await launchServer({
    db: null,
    webDir: join(webRoot, 'dist'),
    args: ['--auth-rate-limit', '0', '--webrtc-ip', '127.0.0.1', ...extraArgs],
    startMs: 20000,
    logLimit: 200_000,
  });
  return {
    url: srv.url,
    dataDir: srv.dataDir,
    log: srv.log,
    /** Funds a wallet the way an operator would (issue 4's CLI), safe while the server runs. */
    deposit: (user, cents) => execFileSync(binary, ['wallet', 'deposit', '--data-dir', srv.dataDir, user, String(cents)], { encoding: 'utf8' }),
    async stop() {
      await srv.stop();
      srv.cleanup();
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

export const e2ePassword = 'password123';

/** A page in a fresh browser context (its own storage: one user each) on the server's origin. */
export async function newPage(browser, baseURL, { viewport = { width: 1366, height: 860 }, timeout = 20_000 } = {}) {
  const ctx = await browser.newContext({ viewport, baseURL });
  const page = await ctx.newPage();
  page.setDefaultTimeout(timeout);
  return { ctx, page };
}

/** A new user registered through the form, signed in on their own page: {ctx, page, name}. */
export async function registerUser(browser, baseURL, prefix, options) {
  const u = { ...(await newPage(browser, baseURL, options)), name: uniqueName(prefix) };
  await u.page.goto('/register');
  await u.page.getByLabel('Username').fill(u.name);
  await u.page.getByLabel('Password').fill(e2ePassword);
  await u.page.getByRole('button', { name: 'Register' }).click();
  await u.page.getByLabel('Signed in as').filter({ hasText: u.name }).waitFor();
  return u;
}
