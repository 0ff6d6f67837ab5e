// Helpers for the media tests: the browser-free probe (build/tc_media_probe) as WHIP publisher or
// WHEP viewer, with HTTP signalling done here; polling; ffprobe.
import { spawn, execFileSync } from 'node:child_process';
import { before, after } from 'node:test';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { repoRoot, api, startServer, register } from '../integration/harness.mjs';
import { eventually } from '../integration/waits.mjs';

export const probeBin = process.env.TC_MEDIA_PROBE || join(repoRoot, 'build', 'tc_media_probe');

// Starts the probe, POSTs its offer to `path` and feeds back the answer. Resolves once answered, with
// {status, location, last(), stop()}; last() is the newest status line ({ice, frames, width, height}).
// `offer` may rewrite the probe's offer before it is posted (hostile-input tests).
export async function startProbe(base, mode, path, { token, args = [], offer: rewrite = (o) => o } = {}) {
  const proc = spawn(probeBin, [mode, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', (d) => { stderr += d.toString(); });
  const lines = createInterface({ input: proc.stdout });
  let last = null;
  let firstMs = null;  // viewer: ms from applying the answer to the first decoded frame
  const offer = await new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('probe gave no offer: ' + stderr)), 15000);
    lines.on('line', (l) => {
      if (l.startsWith('OFFER ')) { clearTimeout(t); resolve(l.slice(6).replaceAll('\\n', '\r\n')); return; }
      if (l.startsWith('FIRST ')) { firstMs = +l.slice(6); return; }
      try { last = JSON.parse(l); } catch { /* not a status line */ }
    });
    proc.on('exit', (c) => reject(new Error(`probe exited ${c}: ${stderr}`)));
  });
  const postedAt = performance.now();
  const r = await api(base, 'POST', path, { token, raw: rewrite(offer), headers: { 'content-type': 'application/sdp' } });
  const answeredAt = performance.now() - postedAt;  // ms from POST to the answer
  const stop = async () => {
    if (proc.exitCode !== null) return;
    const done = new Promise((res) => proc.once('exit', res));
    proc.stdin.end();
    const t = setTimeout(() => proc.kill('SIGKILL'), 5000);
    await done;
    clearTimeout(t);
  };
  if (r.status === 201) proc.stdin.write(r.text.replaceAll('\r\n', '\\n').replaceAll('\n', '\\n') + '\n');
  else await stop();
  return { status: r.status, body: r.body, text: r.text, location: r.headers.get('location'), last: () => last,
    first: () => firstMs, answeredAt,
    stderr: () => stderr, proc, stop, kill: () => proc.kill('SIGKILL') };
}

// The shared poll (integration/waits.mjs) in the argument order the media suites use.
export const waitFor = (what, fn, { timeout = 20000, interval = 200 } = {}) => eventually(fn, what, timeout, { interval });

export function ffprobe(pathOrUrl, extra = []) {
  const out = execFileSync('ffprobe', ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams',
    ...extra, pathOrUrl], { encoding: 'utf8', timeout: 60000 });
  return JSON.parse(out);
}

// Decodes every frame of `input` (file or URL); throws on a decode error.
export function decodeAll(input) {
  return execFileSync('ffmpeg', ['-v', 'error', '-xerror', '-i', input, '-f', 'null', '-'], { encoding: 'utf8', timeout: 120000 });
}

export const mediaArgs = ['--webrtc-ip', '127.0.0.1'];

// The real server with media on (ICE pinned to 127.0.0.1) for one test file, and a registered owner.
// Call at the top level: it adds the before/after hooks; `srv` and `owner` are set once before ran.
export function mediaServer({ args = [] } = {}) {
  const ctx = { srv: null, owner: null };
  before(async () => {
    ctx.srv = await startServer({ args: [...mediaArgs, '--auth-rate-limit', '0', ...args], db: null });
    ctx.owner = await register(ctx.srv.url);
  });
  after(async () => {
    if (ctx.srv) { await ctx.srv.stop(); ctx.srv.cleanup(); }
  });
  return ctx;
}
