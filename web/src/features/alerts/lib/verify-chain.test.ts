// The chain verifier against a log hashed here with node:crypto over canonical texts written out by hand
// (independent of the browser code under test), then against tampered copies of it.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson, type Json } from './canonical-json';
import { describeBreak, entryHash, GENESIS_HASH, verifyChain, type LogEntry } from './verify-chain';

// Each entry's content and its JCS text by hand: keys sorted by code unit ("Z" < "_" < "a"), no spaces,
// non-ASCII as is, only '"', '\' and control characters escaped.
const vectors: { value: Record<string, Json>; canonical: string }[] = [
  {
    value: { seq: 1, kind: 'post', alert_id: 'a1', symbol: 'AAPL', side: 'long', entry: '189.5', stop: '185', targets: ['195'], note: 'café €', size_pct: null, holds_position: true, Z: 0 },
    canonical: '{"Z":0,"alert_id":"a1","entry":"189.5","holds_position":true,"kind":"post","note":"café €","seq":1,"side":"long","size_pct":null,"stop":"185","symbol":"AAPL","targets":["195"]}',
  },
  {
    value: { seq: 2, kind: 'filled', alert_id: 'a1', price: '189.4', entry: { low: '189', high: '190' } },
    canonical: '{"alert_id":"a1","entry":{"high":"190","low":"189"},"kind":"filled","price":"189.4","seq":2}',
  },
  {
    value: { seq: 3, kind: 'close', alert_id: 'a1', price: '195', pnl: { return_pct: '2.9024', r_multiple: '1.2222' }, quote: 'he said "go"\n' },
    canonical: '{"alert_id":"a1","kind":"close","pnl":{"r_multiple":"1.2222","return_pct":"2.9024"},"price":"195","quote":"he said \\"go\\"\\n","seq":3}',
  },
];

function buildLog(): LogEntry[] {
  let prev = GENESIS_HASH;
  return vectors.map(({ canonical, value }) => {
    const hash = createHash('sha256').update(prev, 'ascii').update(canonical, 'utf8').digest('hex');
    const e = { ...value, prev_hash: prev, hash } as LogEntry;
    prev = hash;
    return e;
  });
}

describe('canonical JSON', () => {
  it('matches the hand-written JCS texts', () => {
    for (const v of vectors) expect(canonicalJson(v.value)).toBe(v.canonical);
  });

  it('sorts by UTF-16 code unit, not code point', () => {
    // U+FF5E is one code unit 0xFF5E; U+1F600 is the pair 0xD83D 0xDE00, so it sorts first.
    expect(canonicalJson({ '～': 1, '😀': 2, é: 3, e: 4 })).toBe('{"e":4,"é":3,"😀":2,"～":1}');
  });

  it('refuses floating point, which has no canonical text here', () => {
    expect(() => canonicalJson({ x: 1.5 })).toThrow(/not a safe integer/);
  });
});

describe('hash chain verification (Web Crypto)', () => {
  it('accepts the log hashed with node:crypto', async () => {
    const log = buildLog();
    expect(await entryHash(log[0])).toBe(log[0].hash);
    expect(await verifyChain(log)).toEqual({ ok: true, count: 3, head: log[2].hash, seq: 3 });
  });

  it('continues a paged log from the last checked entry', async () => {
    const log = buildLog();
    const first = await verifyChain(log.slice(0, 2));
    if (!first.ok) throw new Error('first page should verify');
    expect(await verifyChain(log.slice(2), { head: first.head, seq: first.seq! })).toMatchObject({ ok: true, count: 1 });
  });

  it('finds an edited entry', async () => {
    const log = buildLog();
    log[1] = { ...log[1], price: '180' };
    const r = await verifyChain(log);
    expect(r).toMatchObject({ ok: false, count: 1, seq: 2, reason: 'hash_mismatch', found: log[1].hash });
    if (!r.ok) expect(describeBreak(r)).toBe('entry #2 was changed after it was written (its hash does not match its content).');
  });

  it('finds an edited entry whose hash was recomputed: the next one no longer links to it', async () => {
    const log = buildLog();
    const edited = { ...log[1], price: '180' } as LogEntry;
    edited.hash = await entryHash(edited);
    log[1] = edited;
    expect(await verifyChain(log)).toMatchObject({ ok: false, count: 2, seq: 3, reason: 'prev_hash_mismatch' });
  });

  it('finds a removed entry, first or in the middle', async () => {
    expect(await verifyChain(buildLog().slice(1))).toMatchObject({ ok: false, count: 0, seq: 2, reason: 'prev_hash_mismatch', expected: GENESIS_HASH });
    const log = buildLog();
    const r = await verifyChain([log[0], log[2]]);
    expect(r).toMatchObject({ ok: false, count: 1, seq: 3, reason: 'seq_gap' });
    if (!r.ok) expect(describeBreak(r)).toBe('The log skips from #1 to #3: entries are missing.');
  });

  it('an empty log verifies with nothing in it', async () => {
    expect(await verifyChain([])).toEqual({ ok: true, count: 0, head: GENESIS_HASH, seq: null });
  });
});
