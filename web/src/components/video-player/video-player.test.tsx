import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import { renderWithApp } from '../../testing/render';
import { stubFetch } from '../../testing/fetch-stub';
import VideoPlayer from './video-player';

afterEach(() => vi.unstubAllGlobals());

// A peer connection that gets as far as asking the server, like a browser would.
class FakePeerConnection extends EventTarget {
  iceGatheringState = 'complete';
  connectionState = 'new';
  localDescription: { type: string; sdp: string } | null = null;
  addTransceiver() {}
  async createOffer() {
    return { type: 'offer', sdp: 'v=0\r\n' };
  }
  async setLocalDescription(d: { type: string; sdp: string }) {
    this.localDescription = d;
  }
  async setRemoteDescription() {}
  close() {}
}

describe('VideoPlayer fallback', () => {
  it('tries WHEP, then HLS, then shows a clear offline state', async () => {
    vi.stubGlobal('RTCPeerConnection', FakePeerConnection);
    vi.stubGlobal('MediaStream', class {});
    const { calls } = stubFetch({});
    renderWithApp(<VideoPlayer streamId="abc" live retryMs={60_000} />);
    const status = await screen.findByRole('status');
    expect(status).toHaveTextContent('Stream is offline');
    expect(status).toHaveTextContent(/WebRTC: .*HLS: HLS playlist unavailable \(HTTP 404\)/);
    const urls = calls.map((c) => `${c.method} ${c.url}`);
    expect(urls[0]).toBe('POST /api/v1/streaming/abc/whep');
    expect(calls[0].headers['content-type']).toBe('application/sdp');
    expect(urls[1]).toBe('GET /hls/abc/index.m3u8');
    expect(screen.getByRole('button', { name: 'Retry now' })).toBeInTheDocument();
  });

  it('goes straight to HLS where WebRTC is missing', async () => {
    const { calls } = stubFetch({});
    renderWithApp(<VideoPlayer streamId="xyz" live retryMs={60_000} />);
    await screen.findByRole('status');
    expect(calls.map((c) => c.url)).toEqual(['/hls/xyz/index.m3u8']);
  });

  it('retries on its own while the stream is live', async () => {
    const { calls } = stubFetch({});
    renderWithApp(<VideoPlayer streamId="r1" live retryMs={50} />);
    await waitFor(() => expect(calls.length).toBeGreaterThanOrEqual(2));
  });

  it('does not try to play a stream that is not live', async () => {
    const { calls } = stubFetch({});
    renderWithApp(<VideoPlayer streamId="old" live={false} offlineText="This stream has ended" />);
    expect(await screen.findByRole('status')).toHaveTextContent('This stream has ended');
    expect(calls).toHaveLength(0);
    expect(screen.getByRole('button', { name: 'Unmute' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Fullscreen' })).toBeInTheDocument();
  });
});
