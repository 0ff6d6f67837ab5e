// Where live playback is in time, for what must wait for the viewer's picture (issue 13: an HLS viewer
// sees an alert when their playback reaches its moment, not seconds before the chart it refers to).
import type { PlayerMode } from './video-player';

export interface PlaybackClock {
  mode: PlayerMode;
  /**
   * The server-clock time (epoch ms) of the frame on screen now, from the HLS playlist's
   * EXT-X-PROGRAM-DATE-TIME; null when unknown (WebRTC, well under a second behind: treat as live).
   */
  playingDate: () => number | null;
}

export const LIVE_CLOCK: PlaybackClock = { mode: 'connecting', playingDate: () => null };

/** Seconds behind live from a playing date (clamped at 0: the clocks of viewer and server differ a little). */
export function behindFromDate(playingDate: number, now = Date.now()): number {
  return Math.max(0, (now - playingDate) / 1000);
}
