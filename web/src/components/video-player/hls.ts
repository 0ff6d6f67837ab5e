// HLS playback with hls.js (loaded only when needed), or the browser's own HLS where it has one.
export interface HlsSession {
  close: () => void;
  latency: () => number | null;
  /**
   * The wall-clock time (epoch ms, the server's clock) of the frame playing now, from the playlist's
   * EXT-X-PROGRAM-DATE-TIME; null when the playlist carries none.
   */
  playingDate: () => number | null;
}

/** Resolves once the playlist loads and media attaches; rejects on a fatal error or a missing playlist. */
export async function startHls(video: HTMLVideoElement, url: string, signal: AbortSignal): Promise<HlsSession> {
  const probe = await fetch(url, { signal, cache: 'no-store' });
  if (!probe.ok) throw Object.assign(new Error(`HLS playlist unavailable (HTTP ${probe.status})`), { status: probe.status });
  const { default: Hls } = await import('hls.js');
  if (!Hls.isSupported()) {
    if (video.canPlayType('application/vnd.apple.mpegurl')) {
      video.src = url;
      // Safari maps EXT-X-PROGRAM-DATE-TIME onto the media timeline: getStartDate() is the date at 0.
      const start = () => (video as HTMLVideoElement & { getStartDate?: () => Date }).getStartDate?.().getTime();
      return {
        close: () => video.removeAttribute('src'),
        latency: () => null,
        playingDate: () => {
          const t = start();
          return t && Number.isFinite(t) ? t + video.currentTime * 1000 : null;
        },
      };
    }
    throw new Error('This browser cannot play HLS');
  }
  const hls = new Hls({ lowLatencyMode: true, liveSyncDurationCount: 2, manifestLoadingMaxRetry: 2 });
  await new Promise<void>((resolve, reject) => {
    hls.on(Hls.Events.MANIFEST_PARSED, () => resolve());
    hls.on(Hls.Events.ERROR, (_e, data) => {
      if (data.fatal) reject(new Error(`HLS error: ${data.details}`));
    });
    signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
    hls.loadSource(url);
    hls.attachMedia(video);
  }).catch((e) => {
    hls.destroy();
    throw e;
  });
  return {
    close: () => hls.destroy(),
    latency: () => (Number.isFinite(hls.latency) ? hls.latency : null),
    playingDate: () => hls.playingDate?.getTime() ?? null,
  };
}
