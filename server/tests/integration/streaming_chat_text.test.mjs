// Chat text made of invisible characters (issue 12), over the real /streaming socket: a message of
// only zero-width spaces, U+FEFF, bidi isolates, tag characters or other default-ignorable code
// points is refused with invisible_message; direction overrides and isolates anywhere with
// bidi_control; stray tag characters with hidden_characters. Fillers mixed into a real message are
// stripped before it is stored and broadcast; emoji sequences and RTL marks are kept. Nothing refused
// is broadcast or stored.
import assert from 'node:assert/strict';
import { api, register, itWith } from './harness.mjs';
import { serverForFile, streamingClient, createStream, once, sleep } from './it_helpers.mjs';

let srv;
const { sockets, connect, ack } = streamingClient({ connectMs: 15000, ackMs: 15000 });
serverForFile({ args: ['--auth-rate-limit', '0', '--handshake-rate', '0', '--chat-rate-limit', '0'] }, (s) => { srv = s; }, sockets);

const it = itWith({ timeout: 60_000 });

it('invisible-only, direction-spoofing and hidden-tag messages are refused; fillers are stripped', async () => {
  const owner = await register(srv.url);
  const stream = await createStream(srv.url, owner.token, 'invisible chat');
  const sid = stream.stream_id;
  const s = await connect(srv.url, owner.token);
  const watcher = await connect(srv.url);
  for (const sock of [s, watcher]) {
    const joined = once(sock, 'joined_stream');
    assert.equal((await ack(sock, 'join_stream', { stream_id: sid })).ok, true);
    await joined;
  }
  const seen = [];
  watcher.on('chat_message', (m) => seen.push(m));

  const invisible = ['\u200B', '\u200B\u200B\u200B', '\uFEFF', '\u2060 \u200B', '\u3164', '\u2800', '\u00AD',
    '\u200D\u200D', '\u200F', '\uFE0F', '\u3000\u200B', '\u180E'];
  for (const message of invisible) {
    const res = await ack(s, 'send_message', { stream_id: sid, message });
    assert.equal(res.ok, false, `accepted ${JSON.stringify(message)}`);
    assert.equal(res.error.code, 'invisible_message', JSON.stringify({ message, res }));
  }
  for (const message of ['\u2066\u2069', 'buy \u202Egnol\u202C now', 'hi \u2067x\u2069']) {
    const res = await ack(s, 'send_message', { stream_id: sid, message });
    assert.equal(res.error?.code, 'bidi_control', JSON.stringify({ message, res }));
  }
  for (const message of ['\u{E0041}\u{E0042}', 'gm\u{E0069}\u{E0067}\u{E006E}\u{E006F}\u{E0072}\u{E0065}']) {
    const res = await ack(s, 'send_message', { stream_id: sid, message });
    assert.equal(res.error?.code, 'hidden_characters', JSON.stringify({ message, res }));
  }

  const stripped = await ack(s, 'send_message', { stream_id: sid, message: '\u200B sc\u200Bam \uFEFF' });
  assert.equal(stripped.ok, true, JSON.stringify(stripped));
  const family = '\u{1F468}\u200D\u{1F469}\u200D\u{1F467}';
  const england = '\u{1F3F4}\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}';
  const hebrew = '\u05E9\u05DC\u05D5\u05DD\u200F!';
  for (const message of [family, england, hebrew]) {
    const res = await ack(s, 'send_message', { stream_id: sid, message });
    assert.equal(res.ok, true, JSON.stringify({ message, res }));
  }
  await sleep(600);
  assert.deepEqual(seen.map((m) => m.message), ['scam', family, england, hebrew]);

  // History holds exactly the accepted lines, as broadcast.
  const hist = await api(srv.url, 'GET', `/api/v1/streaming/${sid}/messages?limit=50`);
  assert.equal(hist.status, 200, hist.text);
  assert.deepEqual(hist.body.messages.map((m) => m.message).reverse(), ['scam', family, england, hebrew]);
  s.disconnect();
  watcher.disconnect();
});
