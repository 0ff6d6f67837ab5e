// A recording with its chat replayed in step with playback.
import { useEffect, useState } from 'react';
import { useParams } from 'react-router';
import Alert from '@mui/material/Alert';
import EmptyState from '../../components/empty-state';
import Loading from '../../components/loading';
import ChatReplay from '../../features/chat/components/chat-replay';
import { useChatHistory } from '../../features/chat/hooks/use-chat-history';
import { getStream } from '../../features/streams/api/get-stream';
import VodView from '../../features/vod/components/vod-view';
import { ApiError, errorMessage } from '../../lib/api-client';
import type { Stream } from '../../lib/types';

export default function VodPage() {
  const { streamId } = useParams();
  const [stream, setStream] = useState<Stream | null>(null);
  const [error, setError] = useState<{ status: number; message: string } | null>(null);
  const [position, setPosition] = useState(0);
  const history = useChatHistory(streamId);

  useEffect(() => {
    if (!streamId) return;
    const ctrl = new AbortController();
    getStream(streamId, ctrl.signal)
      .then((r) => setStream(r.stream))
      .catch((e) => !ctrl.signal.aborted && setError({ status: e instanceof ApiError ? e.status : 0, message: errorMessage(e) }));
    return () => ctrl.abort();
  }, [streamId]);

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
