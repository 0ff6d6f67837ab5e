// Chromium as WHIP publisher and WHEP viewer for the media tests: the page-side signalling (offer →
// ICE gathering → POST → answer), the publisher's and the viewer's transceivers, and RTP stats.
// Pages are opened on the server's own origin (127.0.0.1 is a secure context).

// Runs in the page: offer → wait for ICE gathering → POST → answer. Returns {status, location, text}.
export const signal = async ({ path, token, pcName, setup }) => {
  const pc = new RTCPeerConnection({ iceServers: [] });
  window[pcName] = pc;
  // eslint-disable-next-line no-new-func
  await new Function('pc', `return (async () => { ${setup} })()`)(pc);
  await pc.setLocalDescription(await pc.createOffer());
  await new Promise((resolve) => {
    if (pc.iceGatheringState === 'complete') return resolve();
    pc.addEventListener('icegatheringstatechange', () => pc.iceGatheringState === 'complete' && resolve());
  });
  const headers = { 'content-type': 'application/sdp' };
  if (token) headers.authorization = `Bearer ${token}`;
  window.postedAt = performance.now();
  const res = await fetch(path, { method: 'POST', headers, body: pc.localDescription.sdp });
  const text = await res.text();
  if (res.status === 201) await pc.setRemoteDescription({ type: 'answer', sdp: text });
  return { status: res.status, location: res.headers.get('location'), text };
};

export const publishSetup = `
  const stream = await navigator.mediaDevices.getUserMedia({ video: { width: 1280, height: 720, frameRate: 30 }, audio: true });
  for (const t of stream.getTracks()) pc.addTransceiver(t, { direction: 'sendonly', streams: [stream] });`;

export const viewSetup = `
  pc.addTransceiver('video', { direction: 'recvonly' });
  pc.addTransceiver('audio', { direction: 'recvonly' });
  const video = document.createElement('video');
  video.muted = true; video.autoplay = true; video.playsInline = true;
  document.body.appendChild(video);
  window.video = video;
  pc.ontrack = (e) => {
    if (e.track.kind !== 'video') return;
    video.srcObject = e.streams[0] || new MediaStream([e.track]);
    video.requestVideoFrameCallback(() => { window.firstFrameMs = performance.now() - window.postedAt; });
  };`;

export const rtpStats = (page, pcName, type) => page.evaluate(async ({ pcName, type }) => {
  const report = await window[pcName].getStats();
  let out = null;
  const codecs = {};
  report.forEach((s) => { if (s.type === 'codec') codecs[s.id] = s.mimeType; });
  report.forEach((s) => {
    if (s.type === type && s.kind === 'video') out = { ...s, mimeType: codecs[s.codecId] };
  });
  return out && { framesEncoded: out.framesEncoded, framesDecoded: out.framesDecoded, mimeType: out.mimeType,
    frameWidth: out.frameWidth, frameHeight: out.frameHeight, bytes: out.bytesSent ?? out.bytesReceived };
}, { pcName, type });
