// Publishes a MediaStream over WHIP to the stream's ingest endpoint (owner only).
import { deleteResource, postSdp, waitForIceGathering } from '../../../lib/whip-whep';

export interface WhipSession {
  pc: RTCPeerConnection;
  stop: () => void;
}

export async function whipPublish(streamId: string, media: MediaStream): Promise<WhipSession> {
  const pc = new RTCPeerConnection();
  for (const track of media.getTracks()) pc.addTransceiver(track, { direction: 'sendonly', streams: [media] });
  let location: string | null = null;
  const stop = () => {
    pc.close();
    deleteResource(location);
  };
  try {
    await pc.setLocalDescription(await pc.createOffer());
    await waitForIceGathering(pc);
    const r = await postSdp(`/api/v1/streaming/${encodeURIComponent(streamId)}/whip`, pc.localDescription!.sdp);
    location = r.location;
    await pc.setRemoteDescription({ type: 'answer', sdp: r.answer });
    return { pc, stop };
  } catch (e) {
    stop();
    throw e;
  }
}

/** Outgoing video bitrate (kbit/s since the last call), resolution and fps, from getStats. */
export function publishHealthSampler(pc: RTCPeerConnection) {
  let last: { bytes: number; ts: number } | null = null;
  return async () => {
    const stats = await pc.getStats();
    let out: { kbps: number | null; width?: number; height?: number; fps?: number; state: string } = { kbps: null, state: pc.connectionState };
    stats.forEach((r) => {
      if (r.type === 'outbound-rtp' && r.kind === 'video') {
        if (last && r.timestamp > last.ts) out.kbps = Math.round(((r.bytesSent - last.bytes) * 8) / (r.timestamp - last.ts));
        last = { bytes: r.bytesSent, ts: r.timestamp };
        out = { ...out, width: r.frameWidth, height: r.frameHeight, fps: r.framesPerSecond };
      }
    });
    return out;
  };
}
