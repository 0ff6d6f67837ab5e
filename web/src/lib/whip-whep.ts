// The HTTP half of WHIP (publish) and WHEP (play): one POST of the SDP offer, the answer in the body,
// a Location to DELETE when done. Non-trickle: offers are sent once ICE gathering finishes.
import { getToken } from './token-store';

export function waitForIceGathering(pc: RTCPeerConnection, timeoutMs = 2000): Promise<void> {
  if (pc.iceGatheringState === 'complete') return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      pc.removeEventListener('icegatheringstatechange', check);
      clearTimeout(t);
      resolve();
    };
    const check = () => pc.iceGatheringState === 'complete' && done();
    const t = setTimeout(done, timeoutMs);
    pc.addEventListener('icegatheringstatechange', check);
  });
}

/** Posts an SDP offer to a WHIP/WHEP endpoint; returns the answer and the resource URL. */
export async function postSdp(url: string, sdp: string, signal?: AbortSignal): Promise<{ answer: string; location: string | null }> {
  const headers: Record<string, string> = { 'content-type': 'application/sdp' };
  const token = getToken();
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(url, { method: 'POST', headers, body: sdp, signal });
  const text = await res.text();
  if (res.status !== 201 && res.status !== 200) {
    let message = `HTTP ${res.status}`;
    try {
      message = JSON.parse(text).error?.message ?? message;
    } catch {
      /* plain text */
    }
    throw Object.assign(new Error(message), { status: res.status });
  }
  const loc = res.headers.get('location');
  return { answer: text, location: loc ? new URL(loc, window.location.href).toString() : null };
}

export function deleteResource(location: string | null) {
  if (!location) return;
  const token = getToken();
  fetch(location, { method: 'DELETE', headers: token ? { authorization: `Bearer ${token}` } : {}, keepalive: true }).catch(() => {});
}

