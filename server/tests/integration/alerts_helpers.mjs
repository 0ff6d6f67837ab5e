// Helpers of the trade-alert suites (issue 13): a live channel with its disclaimer, alert bodies, and
// the chain recomputed the way a browser does it (recursive key sort + JSON.stringify, SHA-256).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { api, register } from './harness.mjs';

let seq = 0;
export const key = (p = 'a') => `${p}-${process.pid}-${Date.now().toString(36)}-${seq++}`;

export const GENESIS = '0'.repeat(64);

export function canonical(v) {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

// Every break of a channel's log as fetched from the API, [] when it verifies.
export function chainBreaks(events) {
  const breaks = [];
  let prev = GENESIS;
  let next = 1;
  for (const e of events) {
    const { hash, prev_hash: prevHash, ...content } = e;
    if (e.seq !== next) breaks.push(`seq ${e.seq} where ${next} was due`);
    if (prevHash !== prev) breaks.push(`seq ${e.seq}: prev_hash`);
    const h = createHash('sha256').update(prevHash + canonical(content)).digest('hex');
    if (h !== hash) breaks.push(`seq ${e.seq}: hash`);
    prev = hash;
    next = e.seq + 1;
  }
  return breaks;
}

export async function fullLog(base, streamerId, token) {
  const events = [];
  let after = 0;
  for (;;) {
    const r = await api(base, 'GET', `/api/v1/channels/${streamerId}/alerts/log?after_seq=${after}&limit=500`, { token });
    assert.equal(r.status, 200, r.text);
    events.push(...r.body.events);
    if (r.body.next_seq === null) return events;
    after = r.body.next_seq;
  }
}

export const DISCLAIMER = 'Not financial advice. I may hold what I call.';

// A streamer with a LIVE stream and alert settings (FREE delayed `freeDelay` s).
export async function alertChannel(base, { freeDelay = 0, basicDelay = 0, premiumDelay = 0 } = {}) {
  const streamer = await register(base);
  const s = await api(base, 'POST', '/api/v1/streaming/create', { token: streamer.token, body: { title: 'alerts' } });
  assert.equal(s.status, 201, s.text);
  const put = await api(base, 'PUT', '/api/v1/channels/me/alert-settings', {
    token: streamer.token,
    body: { disclaimer: DISCLAIMER, release_delays: { PREMIUM: premiumDelay, BASIC: basicDelay, FREE: freeDelay } },
  });
  assert.equal(put.status, 200, put.text);
  return { streamer, streamId: s.body.stream.stream_id };
}

export const longAapl = (over = {}) => ({
  symbol: 'aapl', side: 'long', entry: '189.50', stop: '185', targets: ['195', '200.00'], timeframe: 'swing',
  note: 'breakout', size_pct: 50, holds_position: true, paid_promotion: false, idempotency_key: key('post'), ...over,
});

export const postAlert = (base, token, streamId, body) => api(base, 'POST', `/api/v1/streaming/${streamId}/alerts`, { token, body });
export const updateAlert = (base, token, alertId, body) =>
  api(base, 'POST', `/api/v1/alerts/${alertId}/updates`, { token, body: { idempotency_key: key('upd'), ...body } });
