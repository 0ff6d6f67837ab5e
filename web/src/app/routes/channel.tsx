// A streamer's channel page: their trade-alert track record (alerts feature), with follow / subscribe.
import { useParams } from 'react-router';
import ChannelView from '../../features/alerts/components/channel-view';
import SubscribeButtons from '../../features/subscriptions/components/subscribe-buttons';
import { useSession } from '../../lib/session';

export default function ChannelPage() {
  const { username = '' } = useParams();
  const { user } = useSession();
  return (
    <ChannelView
      name={username}
      userId={user?.id ?? null}
      actions={(streamerId) => <SubscribeButtons streamerId={streamerId} signedIn={!!user} isOwner={user?.id === streamerId} />}
    />
  );
}
