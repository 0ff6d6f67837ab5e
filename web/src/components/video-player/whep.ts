// WHEP playback (RFC-style: one POST of the SDP offer, answer in the body, Location to DELETE).
// Non-trickle: the offer is sent once ICE gathering finishes (or after a short wait), which is what a
// server answering a single POST needs.
import { deleteResource, postSdp, waitForIceGathering } from '../../lib/whip-whep';

export interface WhepSession {
  pc: RTCPeerConnection;
  stream: MediaStream;
  close: () => void;
}

export function webrtcAvailable(): boolean {
  return typeof window !== 'undefined' && typeof window.RTCPeerConnection === 'function';
}

/** Starts WHEP playback; resolves once a track arrives, rejects if none within timeoutMs. */
export async function startWhep(url: string, signal: AbortSignal, timeoutMs = 8000): Promise<WhepSession> {
  const pc = new RTCPeerConnection();
  const stream = new MediaStream();
  pc.addTransceiver('video', { direction: 'recvonly' });
  pc.addTransceiver('audio', { direction: 'recvonly' });
  let location: string | null = null;
  const close = () => {
    pc.close();
    deleteResource(location);
  };
  try {
    const gotTrack = new Promise<void>((resolve, reject) => {
      pc.addEventListener('track', (e) => {
        stream.addTrack(e.track);
        resolve();
      });
      pc.addEventListener('connectionstatechange', () => {
        if (pc.connectionState === 'failed') reject(new Error('WebRTC connection failed'));
      });
      setTimeout(() => reject(new Error('WebRTC timed out')), timeoutMs);
      signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
    });
    gotTrack.catch(() => {}); // may be abandoned if an earlier step fails
    await pc.setLocalDescription(await pc.createOffer());
    await waitForIceGathering(pc);
    const { answer, location: loc } = await postSdp(url, pc.localDescription!.sdp, signal);
    location = loc;
    await pc.setRemoteDescription({ type: 'answer', sdp: answer });
    await gotTrack;
    return { pc, stream, close };
  } catch (e) {
    close();
    throw e;
  }
}

/** Current playout delay estimate from WebRTC stats, in seconds (jitter buffer + half the RTT). */
export async function webrtcLatency(pc: RTCPeerConnection): Promise<number | null> {
  const stats = await pc.getStats();
  let jitter: number | null = null;
  let rtt = 0;
  stats.forEach((r) => {
    if (r.type === 'inbound-rtp' && r.kind === 'video' && r.jitterBufferEmittedCount > 0) {
      jitter = r.jitterBufferDelay / r.jitterBufferEmittedCount;
    }
    if (r.type === 'candidate-pair' && r.nominated && typeof r.currentRoundTripTime === 'number') rtt = r.currentRoundTripTime;
  });
  return jitter === null ? null : jitter + rtt / 2;
}
