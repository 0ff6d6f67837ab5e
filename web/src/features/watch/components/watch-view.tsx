// The watch page: loads the stream (and refreshes it for media_state), joins its room, and shows the
// player with the live chips and floating reactions, the reaction bar, the end-of-stream notice and tip
// toasts. The chat and the tip / follow buttons belong to other features: app/ hands them in as slots,
// given what this view knows (the stream, the room, whether it is live), so no feature imports another.
import { lazy, Suspense, useState, type ReactNode } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import EmptyState from '../../../components/empty-state';
import Loading from '../../../components/loading';
import { LiveChip, ViewerChip } from '../../../components/live-chip';
import VideoBox from '../../../components/video-box';
import { LIVE_CLOCK, type PlaybackClock } from '../../../components/video-player/playback-clock';
import { formatMoney } from '../../../lib/format';
import { useNotify } from '../../../lib/notify';
import { useStreamRoom, type StreamRoom } from '../../../lib/room/use-stream-room';
import type { Stream } from '../../../lib/types';
import { useStream } from '../../../lib/use-stream';
import { FloatingReactions, ReactionBar } from './reactions';
import WatchLayout from './watch-layout';

const VideoPlayer = lazy(() => import('../../../components/video-player/video-player'));

/** How often the stream row is read again (media_state, thumbnail). */
const STREAM_REFRESH_MS = 10_000;

export interface WatchContext {
  stream: Stream;
  room: StreamRoom;
  /** LIVE and not ended in the room. */
  live: boolean;
  /** Where the viewer's playback is (HLS: its program date time), for what waits for the picture. */
  clock: PlaybackClock;
}

export interface WatchViewProps {
  streamId: string;
  /** The signed-in user may write (react); absent for anonymous viewers. */
  signedIn: boolean;
  chat: (c: WatchContext) => ReactNode;
  /** Buttons after the reaction bar (tip, follow, subscribe). */
  actions?: (c: WatchContext) => ReactNode;
}

export default function WatchView({ streamId, signedIn, chat, actions }: WatchViewProps) {
  const notify = useNotify();
  const [clock, setClock] = useState<PlaybackClock>(LIVE_CLOCK);
  const { stream, error } = useStream(streamId, STREAM_REFRESH_MS);
  const room = useStreamRoom(streamId, {
    onTip: (t) => notify(`${t.username ?? 'Someone'} tipped ${formatMoney(t.amount_cents)}${t.message ? `: ${t.message}` : ''}`, 'success'),
    onEnded: () => notify('The stream has ended.', 'info'),
  });

  if (error) return error.status === 404 ? <EmptyState title="Stream not found">It may have been removed, or the link is wrong.</EmptyState> : <Alert severity="error">{error.message}</Alert>;
  if (!stream) return <Loading label="Loading stream" />;

  const live = stream.status === 'LIVE' && !room.ended;
  const viewers = room.viewerCount ?? stream.viewer_count;
  const context: WatchContext = { stream, room, live, clock };

  return (
    <WatchLayout
      stream={stream}
      live={live}
      viewerCount={viewers}
      player={
        <Suspense fallback={<VideoBox />}>
          <VideoPlayer streamId={streamId} live={live} onClock={setClock} mediaState={stream.media_state} offlineText="This stream has ended" poster={stream.thumbnail_url}>
            {live && (
              <Box sx={{ position: 'absolute', top: 12, left: 12, display: 'flex', gap: 1 }}>
                <LiveChip />
                <ViewerChip count={viewers} />
              </Box>
            )}
            <FloatingReactions reactions={room.reactions} />
          </VideoPlayer>
        </Suspense>
      }
      notice={
        room.ended ? (
          <Alert severity="info" sx={{ mt: 1 }} action={<Button color="inherit" size="small" href={`/vod/${streamId}`}>Replay</Button>}>
            The stream has ended. The recording will be available shortly.
          </Alert>
        ) : undefined
      }
      actions={
        <>
          {live && <ReactionBar disabled={!signedIn || room.status !== 'joined'} onReact={(emoji) => room.react(emoji).catch((e) => notify(e.message, 'warning'))} />}
          <Box sx={{ flex: 1 }} />
          {actions?.(context)}
        </>
      }
      chat={chat(context)}
    />
  );
}
