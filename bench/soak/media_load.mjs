// The soak's media load: Debian's Chromium (playwright-core, the media suites' copy) publishes one
// stream over WHIP with its fake camera, a second page holds `viewers` WHEP peer connections that decode
// it, and HLS is pulled like a player would (playlist, then its newest segment, every 2 s). ICE on
// 127.0.0.1 (the server runs with --webrtc-ip 127.0.0.1; Chromium with the media suites' flags).
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { repoRoot } from '../../server/tests/integration/harness.mjs';
import { chromiumArgs, chromiumPath } from '../../scripts/chromium-flags.mjs';

const { chromium } = createRequire(join(repoRoot, 'server/tests/media/package.json'))('playwright-core');

// Runs in the page: one peer connection `name`, offer → ICE gathering complete → POST → answer.
async function negotiate({ name, path, token, publish, width, height, fps }) {
  const pc = new RTCPeerConnection({ iceServers: [] });
  (window.pcs ||= {})[name] = pc;
  if (publish) {
    const media = await navigator.mediaDevices.getUserMedia({ video: { width, height, frameRate: fps }, audio: true });
    for (const t of media.getTracks()) pc.addTransceiver(t, { direction: 'sendonly', streams: [media] });
  } else {
    pc.addTransceiver('video', { direction: 'recvonly' });
    pc.addTransceiver('audio', { direction: 'recvonly' });
  }
  await pc.setLocalDescription(await pc.createOffer());
  if (pc.iceGatheringState !== 'complete') {
    await new Promise((r) => pc.addEventListener('icegatheringstatechange', () => pc.iceGatheringState === 'complete' && r()));
  }
  const headers = { 'content-type': 'application/sdp', ...(token ? { authorization: `Bearer ${token}` } : {}) };
  const res = await fetch(path, { method: 'POST', headers, body: pc.localDescription.sdp });
  const text = await res.text();
  if (res.status === 201) await pc.setRemoteDescription({ type: 'answer', sdp: text });
  else { pc.close(); delete window.pcs[name]; }
  return { status: res.status, location: res.headers.get('location'), text };
}

// Runs in the page: frames encoded (publisher) or decoded (viewers) so far, over all its connections.
async function frames() {
  let n = 0;
  for (const pc of Object.values(window.pcs || {})) {
    (await pc.getStats()).forEach((s) => {
      if (s.kind === 'video' && (s.type === 'inbound-rtp' || s.type === 'outbound-rtp')) n += s.framesDecoded ?? s.framesEncoded ?? 0;
    });
  }
  return n;
}

async function release({ location, token }) {
  const headers = token ? { authorization: `Bearer ${token}` } : {};
  return (await fetch(location, { method: 'DELETE', headers })).status;
}

export async function startMediaLoad(base, { viewers = 5, width = 640, height = 360, fps = 15 } = {}) {
  const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
  const pubPage = await browser.newPage();
  const viewPage = await browser.newPage();
  for (const p of [pubPage, viewPage]) await p.goto(`${base}/healthz`);  // same origin for fetch
  const stats = { whip_refused: 0, whep_refused: 0, hls_ok: 0, hls_failed: 0, hls_bytes: 0 };
  let current = null;  // { id, token, publisher, sessions: [] }
  let hlsTimer = null;

  async function pullHls() {
    if (!current) return;
    try {
      const list = await fetch(`${base}/hls/${current.id}/index.m3u8`);
      if (list.status !== 200) { await list.arrayBuffer(); return; }  // not written yet: no segment
      const segs = (await list.text()).split('\n').filter((l) => l && !l.startsWith('#'));
      if (!segs.length) return;
      const seg = await fetch(`${base}/hls/${current.id}/${segs.at(-1)}`);
      const body = await seg.arrayBuffer();
      if (seg.status === 200) { stats.hls_ok++; stats.hls_bytes += body.byteLength; } else stats.hls_failed++;
    } catch {
      stats.hls_failed++;
    }
  }

  return {
    stats,
    browser,
    // Publishes to stream `id` as `token`'s user and attaches the WHEP viewers once it is live.
    async start(id, token, isLive) {
      const publisher = await pubPage.evaluate(negotiate, { name: id, path: `/api/v1/streaming/${id}/whip`, token, publish: true, width, height, fps });
      if (publisher.status !== 201) { stats.whip_refused++; throw new Error(`WHIP ${publisher.status}: ${publisher.text}`); }
      current = { id, token, publisher, sessions: [] };
      await isLive();
      for (let i = 0; i < viewers; i++) {
        const s = await viewPage.evaluate(negotiate, { name: `${id}-${i}`, path: `/api/v1/streaming/${id}/whep` });
        if (s.status === 201) current.sessions.push({ name: `${id}-${i}`, location: s.location }); else stats.whep_refused++;
      }
      hlsTimer ??= setInterval(pullHls, 2000);
    },
    // WHEP sessions released, then the WHIP session (which ends the stream).
    async stop() {
      if (!current) return;
      const { publisher, sessions, token, id } = current;
      current = null;
      for (const s of sessions) {
        await viewPage.evaluate(release, { location: s.location });
        await viewPage.evaluate((n) => { window.pcs[n].close(); delete window.pcs[n]; }, s.name);
      }
      await pubPage.evaluate(release, { location: publisher.location, token });
      await pubPage.evaluate((n) => { window.pcs[n].close(); delete window.pcs[n]; }, id);
    },
    framesDecoded: () => viewPage.evaluate(frames),
    framesEncoded: () => pubPage.evaluate(frames),
    async close() {
      clearInterval(hlsTimer);
      await browser.close();
    },
  };
}
