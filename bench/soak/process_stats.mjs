// What the soak samples of the server process, read from /proc (Linux): resident memory, open file
// descriptors, threads, CPU ticks, and the database connections it holds — TCP sockets to the MariaDB
// port, or for SQLite the descriptors open on the database file itself (one per connection; the -wal
// and -shm files are not counted).
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

const HZ = 100;  // USER_HZ on Linux

function fdTargets(pid) {
  const out = [];
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try { out.push(readlinkSync(`/proc/${pid}/fd/${fd}`)); } catch { /* closed meanwhile */ }
  }
  return out;
}

// Inodes of the process's TCP sockets whose remote port is `port`.
function tcpInodesTo(pid, port) {
  const inodes = new Set();
  for (const file of ['tcp', 'tcp6']) {
    let text;
    try { text = readFileSync(`/proc/${pid}/net/${file}`, 'utf8'); } catch { continue; }
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length < 10) continue;
      const remotePort = parseInt(f[2].split(':')[1], 16);
      const established = f[3] === '01';
      if (remotePort === port && established) inodes.add(f[9]);
    }
  }
  return inodes;
}

// `db`: { kind: 'sqlite', file } or { kind: 'mariadb', port }.
export function sampleProcess(pid, db) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rssKb = +(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  const targets = fdTargets(pid);
  let dbConns;
  if (db.kind === 'sqlite') {
    dbConns = targets.filter((t) => t === db.file).length;
  } else {
    const inodes = tcpInodesTo(pid, db.port);
    dbConns = targets.filter((t) => inodes.has(/^socket:\[(\d+)\]$/.exec(t)?.[1])).length;
  }
  return {
    rss_mb: +(rssKb / 1024).toFixed(1),
    fds: targets.length,
    threads: readdirSync(`/proc/${pid}/task`).length,
    db_conns: dbConns,
    cpu_s: (+stat[11] + +stat[12]) / HZ,  // utime + stime
  };
}
