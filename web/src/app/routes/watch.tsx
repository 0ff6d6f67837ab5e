// Composes the watch page from the streams, watch, chat, tips and subscriptions features.
import { lazy, Suspense, useEffect, useState } from 'react';
import { useParams } from 'react-router';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import PaidIcon from '@mui/icons-material/Paid';
import EmptyState from '../../components/empty-state';
import Loading from '../../components/loading';
import { LiveChip, ViewerChip } from '../../components/live-chip';
import ChatPanel from '../../features/chat/components/chat-panel';
import { FloatingReactions, ReactionBar } from '../../features/chat/components/reactions';
import { useStreamRoom } from '../../features/chat/hooks/use-stream-room';
import { getStream } from '../../features/streams/api/get-stream';
import SubscribeButtons from '../../features/subscriptions/components/subscribe-buttons';
import TipDialog from '../../features/tips/components/tip-dialog';
import WatchLayout from '../../features/watch/components/watch-layout';
import { ApiError, errorMessage } from '../../lib/api-client';
import { formatMoney } from '../../lib/format';
import { useNotify } from '../../lib/notify';
import { useSession } from '../../lib/session';
import type { Stream } from '../../lib/types';

const VideoPlayer = lazy(() => import('../../components/video-player/video-player'));

export default function WatchPage() {
  const { streamId } = useParams();
  const { user } = useSession();
  const notify = useNotify();
  const [stream, setStream] = useState<Stream | null>(null);
  const [error, setError] = useState<{ status: number; message: string } | null>(null);
  const [tipOpen, setTipOpen] = useState(false);
  const room = useStreamRoom(streamId, {
    onTip: (t) => notify(`${t.username ?? 'Someone'} tipped ${formatMoney(t.amount_cents)}${t.message ? `: ${t.message}` : ''}`, 'success'),
    onEnded: () => notify('The stream has ended.', 'info'),
  });

  useEffect(() => {
    if (!streamId) return;
    const ctrl = new AbortController();
    setStream(null);
    setError(null);
    getStream(streamId, ctrl.signal)
      .then((r) => setStream(r.stream))
      .catch((e) => !ctrl.signal.aborted && setError({ status: e instanceof ApiError ? e.status : 0, message: errorMessage(e) }));
    // Refresh now and then for media_state (waiting → live → reconnecting) and the thumbnail.
    const t = setInterval(() => getStream(streamId, ctrl.signal).then((r) => setStream(r.stream)).catch(() => {}), 10_000);
    return () => {
      ctrl.abort();
      clearInterval(t);
    };
  }, [streamId]);

  if (error) return error.status === 404 ? <EmptyState title="Stream not found">It may have been removed, or the link is wrong.</EmptyState> : <Alert severity="error">{error.message}</Alert>;
  if (!stream || !streamId) return <Loading label="Loading stream" />;

  const live = stream.status === 'LIVE' && !room.ended;
  const viewers = room.viewerCount ?? stream.viewer_count;
  const isOwner = user?.id === stream.streamer_id;
  const signedInWriter = !!user && room.status === 'joined';

  return (
    <>
      <WatchLayout
        stream={stream}
        live={live}
        viewerCount={viewers}
        player={
          <Suspense fallback={<Box sx={{ aspectRatio: '16 / 9', bgcolor: '#000', borderRadius: 2 }} />}>
            <VideoPlayer streamId={streamId} live={live} mediaState={stream.media_state} offlineText="This stream has ended" poster={stream.thumbnail_url}>
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
            {live && (
              <ReactionBar
                disabled={!signedInWriter}
                onReact={(emoji) => room.react(emoji).catch((e) => notify(e.message, 'warning'))}
              />
            )}
            <Box sx={{ flex: 1 }} />
            {live && !isOwner && (
              <Button variant="contained" color="success" startIcon={<PaidIcon />} onClick={() => (user ? setTipOpen(true) : notify('Sign in to send a tip.', 'info'))}>
                Tip
              </Button>
            )}
            <SubscribeButtons streamerId={stream.streamer_id} signedIn={!!user} isOwner={isOwner} onChange={room.rejoin} />
          </>
        }
        chat={
          <ChatPanel
            messages={room.messages}
            onSend={room.send}
            signedIn={!!user}
            status={room.status}
            error={room.error}
            streamerId={stream.streamer_id}
            closedReason={room.ended || stream.status !== 'LIVE' ? 'This stream has ended; chat is closed.' : null}
            timedOutUntil={room.timedOutUntil}
            chatMode={room.chatMode}
            banned={room.banned}
            exempt={room.role !== 'viewer'}
            moderation={room.role !== 'viewer' ? { onDelete: room.deleteMessage, onTimeout: room.timeoutUser, onBan: room.banUser } : null}
          />
        }
      />
      {user && <TipDialog open={tipOpen} streamId={streamId} streamerName={stream.streamer_username} onClose={() => setTipOpen(false)} />}
    </>
  );
}
