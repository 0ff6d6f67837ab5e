// When an alert may show on a viewer's screen. WebRTC viewers are well under a second behind: at once.
// An HLS viewer is seconds behind, so an alert (and each update) waits until the playing frame's date
// (EXT-X-PROGRAM-DATE-TIME, the server's clock) passes the moment it was posted (issue 13).
import type { PlaybackClock } from '../../../components/video-player/playback-clock';

/** True once the viewer's picture has reached `at` (server epoch ms); always true without a playing date. */
export function reached(clock: PlaybackClock, at: number | null | undefined): boolean {
  if (at === null || at === undefined) return true;
  const date = clock.playingDate();
  return date === null || date >= at;
}
