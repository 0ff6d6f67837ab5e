// Steps of the fair-release tests (alert_release*.test.mjs): a channel whose FREE tier is 2 s behind,
// subscriptions, posting an alert over REST, and when each event reached a socket.
import assert from 'node:assert/strict';
import { api, register } from './harness.mjs';
import { deposit, key } from './money_helpers.mjs';

export const FREE_DELAY_MS = 2000;

// Every `event` payload with the client's arrival time (same machine clock as the server's).
export function arrivals(socket, event) {
  const got = [];
  socket.on(event, (p) => got.push({ at: Date.now(), p }));
  return got;
}

export async function alertChannel(url, delays = { PREMIUM: 0, BASIC: 0, FREE: FREE_DELAY_MS / 1000 }) {
  const streamer = await register(url);
  const r = await api(url, 'PUT', '/api/v1/channels/me/alert-settings', {
    token: streamer.token, body: { disclaimer: 'Not investment advice. You can lose money.', release_delays: delays },
  });
  assert.equal(r.status, 200, r.text);
  await api(url, 'PUT', `/api/v1/channels/${streamer.user.id}/prices`, { token: streamer.token, body: { basic_cents: 100, premium_cents: 200 } });
  return streamer;
}

export async function subscribe(url, viewer, streamer, tier) {
  await deposit({ url }, viewer.user.id, 1000);
  const r = await api(url, 'POST', `/api/v1/channels/${streamer.user.id}/subscription`, { token: viewer.token, body: { tier } });
  assert.ok(r.status === 200 || r.status === 201, r.text);
}

export async function postAlert(url, streamer, streamId, entry = '189.5') {
  const r = await api(url, 'POST', `/api/v1/streaming/${streamId}/alerts`, {
    token: streamer.token,
    body: { symbol: 'AAPL', side: 'long', entry, stop: '185', targets: ['195'], holds_position: false,
      paid_promotion: false, idempotency_key: key('alert') },
  });
  assert.equal(r.status, 201, r.text);
  return r.body.alert;
}

