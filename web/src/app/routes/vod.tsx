// A recording with its chat replayed in step with playback, its trade alerts as timeline markers and as
// cards in the replay.
import { useState } from 'react';
import AlertCard from '../../features/alerts/components/alert-card';
import AlertMarkers from '../../features/alerts/components/alert-markers';
import { useRecordingAlerts } from '../../features/alerts/hooks/use-recording-alerts';
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
  const alerts = useRecordingAlerts(stream?.streamer_id, streamId, stream?.started_at ?? null);

  if (error) return error.status === 404 ? <EmptyState title="Recording not found" /> : <Alert severity="error">{error.message}</Alert>;
  if (!stream) return <Loading label="Loading recording" />;
  return (
    <VodView
      stream={stream}
      onTime={setPosition}
      timeline={(seek, durationMs) => <AlertMarkers alerts={alerts.alerts} durationMs={durationMs} onSeek={seek} />}
      chat={
        history.messages ? (
          <ChatReplay
            messages={history.messages}
            startedAt={stream.started_at ?? stream.created_at}
            // No recording to follow: show the whole chat.
            position={stream.recording_url ? position : Number.MAX_SAFE_INTEGER / 1000}
            streamerId={stream.streamer_id}
            renderAlert={(id) => {
              const a = alerts.byId.get(id);
              return a ? <AlertCard alert={a} dense /> : null;
            }}
          />
        ) : (
          <Loading label="Loading chat" />
        )
      }
    />
  );
}
