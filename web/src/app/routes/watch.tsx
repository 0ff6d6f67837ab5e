// The watch page: the watch feature's view, with the chat, trade alerts, tip and follow/subscribe features
// in its slots.
import { useParams } from 'react-router';
import PinnedAlerts from '../../features/alerts/components/pinned-alerts';
import RoomChat from '../../features/chat/components/room-chat';
import SubscribeButtons from '../../features/subscriptions/components/subscribe-buttons';
import TipButton from '../../features/tips/components/tip-button';
import WatchView from '../../features/watch/components/watch-view';
import { useSession } from '../../lib/session';

export default function WatchPage() {
  const { streamId = '' } = useParams();
  const { user } = useSession();
  return (
    <WatchView
      streamId={streamId}
      signedIn={!!user}
      chat={({ stream, room, clock }) => (
        <>
          <PinnedAlerts
            streamerId={stream.streamer_id}
            streamerName={stream.streamer_username}
            streamId={stream.stream_id}
            clock={clock}
            signedIn={!!user}
            isOwner={user?.id === stream.streamer_id}
          />
          <RoomChat
            room={room}
            streamerId={stream.streamer_id}
            signedIn={!!user}
            closedReason={room.ended || stream.status !== 'LIVE' ? 'This stream has ended; chat is closed.' : null}
          />
        </>
      )}
      actions={({ stream, room, live }) => (
        <>
          {live && user?.id !== stream.streamer_id && <TipButton streamId={stream.stream_id} streamerName={stream.streamer_username} signedIn={!!user} />}
          <SubscribeButtons streamerId={stream.streamer_id} signedIn={!!user} isOwner={user?.id === stream.streamer_id} onChange={room.rejoin} />
        </>
      )}
    />
  );
}
