// A redis-server of the test's own on a free port (no persistence), so a test may hang it (SIGSTOP),
// kill it and start it again on the same port without touching the shared Redis on 6379.
import { spawn } from 'node:child_process';
import { freePort } from './harness.mjs';

export async function startPrivateRedis(port) {
  port ??= await freePort();
  let proc = null;
  async function start() {
    proc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('redis-server did not start:\n' + log)), 10000);
      const onData = (d) => {
        log += d.toString();
        if (/Ready to accept connections/.test(log)) { clearTimeout(timer); resolve(); }
      };
      proc.stdout.on('data', onData);
      proc.stderr.on('data', onData);
      proc.once('exit', (code) => { clearTimeout(timer); reject(new Error(`redis-server exited ${code}:\n${log}`)); });
    });
  }
  const running = () => proc && proc.exitCode === null && proc.signalCode === null;
  async function kill() {
    if (!running()) return;
    const exited = new Promise((r) => proc.once('exit', r));
    proc.kill('SIGCONT');
    proc.kill('SIGKILL');
    await exited;
  }
  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    hang: () => proc.kill('SIGSTOP'),  // a hung server: connections stay open, nothing answers
    resume: () => proc.kill('SIGCONT'),
    kill,
    start,
    stop: kill,
  };
}
