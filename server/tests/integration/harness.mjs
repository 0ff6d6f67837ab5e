// Starts the real tradecast binary on a free port and talks to it over HTTP: the one launcher of every JS
// suite (integration, media, and web/e2e through web/e2e/harness.mjs). Node built-ins only, so suites in
// other folders, with their own node_modules, import it by path.
import { test } from 'node:test';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = join(here, '..', '..', '..');
export const binary = process.env.TRADECAST_BIN || join(repoRoot, 'build', 'tradecast');
export const testData = join(here, '..', 'data');

// A throw-away MariaDB database when TC_IT_MYSQL_URL is set (mysql://user:pass@host:port/anything).
export function freshDatabaseUrl() {
  const base = process.env.TC_IT_MYSQL_URL;
  if (!base) return null;
  const u = new URL(base);
  const name = 'tc_it_' + Math.random().toString(16).slice(2, 10);
  execFileSync('mysql', ['-h', u.hostname, '-P', u.port || '3306', '-u', decodeURIComponent(u.username),
    `-p${decodeURIComponent(u.password)}`, '-e', `CREATE DATABASE ${name} CHARACTER SET utf8mb4`]);
  u.pathname = '/' + name;
  return u.toString();
}

// A TCP port free on 127.0.0.1 now, for a private service a suite starts itself (MariaDB, Redis).
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

// The database the suites run on; suites that run on both put it in their test names.
export const backend = process.env.TC_IT_MYSQL_URL ? 'mariadb' : 'sqlite';

// A file's `it(name, fn, timeout?)`: node:test's test with the file's default timeout (a hang guard) and,
// unless `tagged` is false, the name prefixed with [backend].
export function itWith({ timeout, tagged = true } = {}) {
  return (name, fn, ms = timeout) => test(tagged ? `[${backend}] ${name}` : name, { timeout: ms }, fn);
}

// `db`: a database URL, null for the default SQLite file in the data dir, undefined for a fresh MariaDB
// database when TC_IT_MYSQL_URL is set. `webDir`: the UI to serve (web/dist for e2e; none by default).
// `startMs` bounds the start-up; `logLimit` (characters) keeps only the newest log of a long run.
export async function startServer({ args = [], env = {}, dataDir, db, webDir, startMs = 15000, logLimit = Infinity } = {}) {
  const dir = dataDir || mkdtempSync(join(tmpdir(), 'tc-it-'));
  const dbUrl = db === undefined ? freshDatabaseUrl() : db;
  const full = ['serve', '--port', '0', '--host', '127.0.0.1', '--data-dir', dir, '--argon2-cost', 'min',
    '--web-dir', webDir ?? join(dir, 'no-web'), ...(dbUrl ? ['--db', dbUrl] : []), ...args];
  const proc = spawn(binary, full, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  // One listener per stream for the whole run, so each line is in the log once.
  let log = '';
  let started = null;
  const onData = (d) => {
    log = logLimit === Infinity ? log + d.toString() : (log + d.toString()).slice(-logLimit);
    started?.();
  };
  proc.stdout.on('data', onData);
  proc.stderr.on('data', onData);
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => { proc.kill('SIGKILL'); reject(new Error('server did not start:\n' + log)); }, startMs);
    started = () => {
      const m = /msg=listening .*port=(\d+)/.exec(log);
      if (m) { clearTimeout(timer); started = null; resolve(+m[1]); }
    };
    proc.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited ${code}:\n${log}`)); });
  });
  const url = `http://127.0.0.1:${port}`;
  return {
    url, port, dataDir: dir, dbUrl, proc,
    log: () => log,
    async stop(signal = 'SIGTERM') {
      if (proc.exitCode !== null || proc.signalCode !== null) return proc.exitCode ?? proc.signalCode;
      const exited = new Promise((r) => proc.once('exit', (code) => r(code)));
      proc.kill(signal);
      return exited;
    },
    cleanup() { if (!dataDir) rmSync(dir, { recursive: true, force: true }); },
  };
}

// fetch with JSON in and out; returns {status, body, headers}.
export async function api(base, method, path, { token, body, raw, headers = {} } = {}) {
  const h = { ...headers };
  if (token) h.authorization = `Bearer ${token}`;
  let payload;
  if (raw !== undefined) payload = raw;
  else if (body !== undefined) { payload = JSON.stringify(body); h['content-type'] = 'application/json'; }
  const res = await fetch(base + path, { method, headers: h, body: payload });
  const text = await res.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: res.status, body: json, text, headers: res.headers };
}

let counter = 0;
export const uniqueName = (prefix = 'user') => `${prefix}${Date.now().toString(36)}${(counter++).toString(36)}`;

export async function register(base, username = uniqueName(), password = 'password123') {
  const r = await api(base, 'POST', '/api/v1/auth/register', { body: { username, password } });
  if (r.status !== 201) throw new Error(`register ${username}: ${r.status} ${r.text}`);
  return { ...r.body, password };
}
