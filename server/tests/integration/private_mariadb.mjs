// A MariaDB server of the test's own: its own datadir under /tmp and its own port, so a test may hang
// it (SIGSTOP), kill it and start it again without touching the shared server on 3306 that other
// suites use. Needs mariadbd and mariadb-install-db (scripts/install-deps.sh); run as root or as a
// user that may start mariadbd.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, chownSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './harness.mjs';
import { sleep } from './waits.mjs';

function mysqlUid() {
  try { return { uid: +execFileSync('id', ['-u', 'mysql']).toString(), gid: +execFileSync('id', ['-g', 'mysql']).toString() }; } catch { return null; }
}

export async function startPrivateMariaDb() {
  const dir = mkdtempSync(join(tmpdir(), 'tc-mdb-'));
  const owner = process.getuid?.() === 0 ? mysqlUid() : null;
  if (owner) chownSync(dir, owner.uid, owner.gid);
  const user = owner ? ['--user=mysql'] : [];
  execFileSync('mariadb-install-db', [...user, `--datadir=${dir}/data`, '--auth-root-authentication-method=normal',
    '--skip-test-db'], { stdio: 'ignore' });
  const port = await freePort();
  let proc = null;
  const args = ['--no-defaults', ...user, `--datadir=${dir}/data`, `--port=${port}`, '--bind-address=127.0.0.1',
    `--socket=${dir}/mysqld.sock`, `--pid-file=${dir}/mysqld.pid`, '--skip-log-bin', '--innodb-buffer-pool-size=32M',
    `--log-error=${dir}/error.log`];
  const ping = () => { try { execFileSync('mysqladmin', ['-h127.0.0.1', `-P${port}`, '-uroot', 'ping'], { stdio: 'ignore' }); return true; } catch { return false; } };
  async function start() {
    proc = spawn('mariadbd', args, { stdio: 'ignore' });
    for (let i = 0; i < 150; i++) {
      if (ping()) return;
      if (proc.exitCode !== null) break;
      await sleep(100);
    }
    throw new Error(`private MariaDB on ${port} did not start (see ${dir}/error.log)`);
  }
  await start();
  execFileSync('mysql', ['-h127.0.0.1', `-P${port}`, '-uroot', '-e', 'CREATE DATABASE tc CHARACTER SET utf8mb4']);
  const exited = () => new Promise((r) => (proc.exitCode !== null || proc.signalCode !== null ? r() : proc.once('exit', r)));
  return {
    port,
    url: `mysql://root@127.0.0.1:${port}/tc`,
    hang: () => proc.kill('SIGSTOP'),     // a hung server: connections stay open, nothing answers
    resume: () => proc.kill('SIGCONT'),
    async kill() { proc.kill('SIGKILL'); await exited(); },
    start,
    async stop() {
      if (proc && proc.exitCode === null && proc.signalCode === null) {
        proc.kill('SIGCONT');
        proc.kill('SIGKILL');
        await exited();
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
