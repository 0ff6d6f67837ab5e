// Recomputes a channel's alert log in the browser (Web Crypto): each entry's hash is
// SHA-256(prev_hash as 64 ASCII hex chars ‖ canonical UTF-8 of the entry without hash and prev_hash), the
// first prev_hash is 64 zeros, and every prev_hash is the hash before it. Reports the first break.
import { canonicalJson, type Json } from './canonical-json';

export const GENESIS_HASH = '0'.repeat(64);

export interface LogEntry {
  seq: number;
  prev_hash: string;
  hash: string;
  [field: string]: Json;
}

export type BreakReason = 'seq_gap' | 'prev_hash_mismatch' | 'hash_mismatch' | 'malformed';

export type ChainResult =
  | { ok: true; count: number; head: string; seq: number | null }
  | { ok: false; count: number; seq: number | null; reason: BreakReason; expected?: string; found?: string };

const hex = (buf: ArrayBuffer) => Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, '0')).join('');

export async function entryHash(entry: LogEntry): Promise<string> {
  const { hash: _hash, prev_hash, ...content } = entry;
  const bytes = new TextEncoder().encode(prev_hash + canonicalJson(content as Json));
  return hex(await crypto.subtle.digest('SHA-256', bytes));
}

/**
 * Checks `entries` in order, continuing from `from` (the head hash and last seq of what was checked
 * before, for paged logs). `count` is how many entries were found good before any break.
 */
export async function verifyChain(entries: LogEntry[], from?: { head: string; seq: number }): Promise<ChainResult> {
  let head = from?.head ?? GENESIS_HASH;
  // The first entry's number is the server's (0 or 1); from then on each is one more than the last.
  let seq: number | null = from?.seq ?? null;
  let count = 0;
  for (const e of entries) {
    if (!e || typeof e.seq !== 'number' || typeof e.hash !== 'string' || typeof e.prev_hash !== 'string') {
      return { ok: false, count, seq: typeof e?.seq === 'number' ? e.seq : null, reason: 'malformed' };
    }
    if (seq !== null && e.seq !== seq + 1) return { ok: false, count, seq: e.seq, reason: 'seq_gap', expected: String(seq + 1), found: String(e.seq) };
    if (e.prev_hash !== head) return { ok: false, count, seq: e.seq, reason: 'prev_hash_mismatch', expected: head, found: e.prev_hash };
    const h = await entryHash(e);
    if (h !== e.hash) return { ok: false, count, seq: e.seq, reason: 'hash_mismatch', expected: h, found: e.hash };
    head = h;
    seq = e.seq;
    count++;
  }
  return { ok: true, count, head, seq };
}

/** What a break means, for the page. */
export function describeBreak(r: Extract<ChainResult, { ok: false }>): string {
  const at = r.seq === null ? 'an entry' : `entry #${r.seq}`;
  switch (r.reason) {
    case 'seq_gap':
      return `The log skips from #${Number(r.expected) - 1} to #${r.found}: entries are missing.`;
    case 'prev_hash_mismatch':
      return `${at} does not link to the entry before it (prev_hash differs).`;
    case 'hash_mismatch':
      return `${at} was changed after it was written (its hash does not match its content).`;
    default:
      return `${at} is not a well-formed log entry.`;
  }
}
