// A recording with its chat replayed in step with playback.
import { useState } from 'react';
import { useParams } from 'react-router';
import Alert from '@mui/material/Alert';
import EmptyState from '../../components/empty-state';
import Loading from '../../components/loading';
import ChatReplay from '../../features/chat/components/chat-replay';
import { useChatHistory } from '../../features/chat/hooks/use-chat-history';
import VodView from '../../features/vod/components/vod-view';
import { useStream } from '../../lib/use-stream';

export default function VodPage() {
  const { streamId } = useParams();
  const { stream, error } = useStream(streamId);
  const [position, setPosition] = useState(0);
  const history = useChatHistory(streamId);

  if (error) return error.status === 404 ? <EmptyState title="Recording not found" /> : <Alert severity="error">{error.message}</Alert>;
  if (!stream) return <Loading label="Loading recording" />;
  return (
    <VodView
      stream={stream}
      onTime={setPosition}
      chat={
        history.messages ? (
          <ChatReplay
            messages={history.messages}
            startedAt={stream.started_at ?? stream.created_at}
            // No recording to follow: show the whole chat.
            position={stream.recording_url ? position : Number.MAX_SAFE_INTEGER / 1000}
            streamerId={stream.streamer_id}
          />
        ) : (
          <Loading label="Loading chat" />
        )
      }
    />
  );
}
