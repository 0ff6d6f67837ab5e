// Hostile WHIP/WHEP offers against the real binary (issue 12 §4): refused with a clear error, and
// refusing them holds nothing — the publisher slot stays free for the real publisher.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { api } from '../integration/harness.mjs';
import { mediaServer, startProbe, waitFor } from './media_helpers.mjs';

const ctx = mediaServer();

const stats = async (id) => (await api(ctx.srv.url, 'GET', `/api/v1/streaming/${id}/stats`)).body.stats;
// "a=fingerprint:sha-256 AB:CD:…" → a value no DTLS handshake can match.
const manglings = {
  'too short': (o) => o.replace(/a=fingerprint:(\S+) (\S+)/g, (m, h, fp) => `a=fingerprint:${h} ${fp.slice(0, 20)}`),
  'not hex': (o) => o.replace(/a=fingerprint:(\S+) (\S\S)/g, 'a=fingerprint:$1 ZZ'),
  'no value': (o) => o.replace(/a=fingerprint:.*\r\n/g, 'a=fingerprint:sha-256\r\n'),
  'unknown hash': (o) => o.replace(/a=fingerprint:\S+ /g, 'a=fingerprint:sha-3 '),
};

test('a WHIP offer with a malformed DTLS fingerprint is refused and holds no publisher slot', async (t) => {
  const id = (await api(ctx.srv.url, 'POST', '/api/v1/streaming/create', { token: ctx.owner.token, body: { title: 'fp' } })).body.stream.stream_id;
  for (const [what, rewrite] of Object.entries(manglings)) {
    const bad = await startProbe(ctx.srv.url, 'publish', `/api/v1/streaming/${id}/whip`, { token: ctx.owner.token, offer: rewrite });
    assert.equal(bad.status, 400, `${what}: ${bad.text}`);
    assert.equal(bad.body.error.code, 'invalid_sdp', what);
    assert.match(bad.body.error.message, /fingerprint/, what);
  }
  assert.equal((await stats(id)).media_state, 'waiting');
  // The slot is free: the real publisher gets in at once (not 409 publisher_exists).
  const pub = await startProbe(ctx.srv.url, 'publish', `/api/v1/streaming/${id}/whip`, { token: ctx.owner.token });
  t.after(() => pub.stop());
  assert.equal(pub.status, 201, pub.text);
  await waitFor('media flowing', async () => (await stats(id))?.media?.frames > 10);

  // WHEP too: a viewer with a malformed fingerprint is refused and not counted.
  const viewer = await startProbe(ctx.srv.url, 'play', `/api/v1/streaming/${id}/whep`, { offer: manglings['not hex'] });
  assert.equal(viewer.status, 400, viewer.text);
  assert.equal(viewer.body.error.code, 'invalid_sdp');
  assert.equal((await stats(id)).media.viewers.whep, 0);
  const r = await api(ctx.srv.url, 'DELETE', pub.location, { token: ctx.owner.token });
  assert.equal(r.status, 200, r.text);
});
