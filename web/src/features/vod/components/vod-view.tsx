// A past stream: the recording (seekable; the server honours Range) and, beside it, chat replayed in
// step with the playback position (composed by the route through `chat`).
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { startHls } from '../../../components/video-player/hls';
import VideoBox, { VideoNotice } from '../../../components/video-box';
import Alert from '@mui/material/Alert';
import Chip from '@mui/material/Chip';
import Grid from '@mui/material/Grid';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import VideocamOffIcon from '@mui/icons-material/VideocamOff';
import { formatDuration } from '../../../lib/format';
import type { Stream } from '../../../lib/types';

export interface VodViewProps {
  stream: Stream;
  onTime: (seconds: number) => void;
  chat: ReactNode;
  /**
   * Drawn under the video (the trade alerts' timeline markers), given a seek function and the
   * recording's length in ms once known.
   */
  timeline?: (seek: (ms: number) => void, durationMs: number | null) => ReactNode;
}

export default function VodView({ stream, onTime, chat, timeline }: VodViewProps) {
  const videoRef = useRef<HTMLVideoElement>(null);
  const [durationMs, setDurationMs] = useState<number | null>(stream.duration_seconds !== null ? stream.duration_seconds * 1000 : null);
  const seek = useCallback((ms: number) => {
    const v = videoRef.current;
    if (!v) return;
    v.currentTime = ms / 1000;
    v.play().catch(() => {});
  }, []);
  const url = stream.recording_url;
  const isHls = !!url && /\.m3u8(\?|$)/.test(url);
  // MP4/WebM recordings play natively (the server honours Range for seeking); HLS ones through hls.js.
  useEffect(() => {
    if (!isHls || !url || !videoRef.current) return;
    const ctrl = new AbortController();
    let close = () => {};
    startHls(videoRef.current, url, ctrl.signal)
      .then((s) => (ctrl.signal.aborted ? s.close() : (close = s.close)))
      .catch(() => {});
    return () => {
      ctrl.abort();
      close();
    };
  }, [isHls, url]);
  return (
    <Grid container spacing={2}>
      <Grid size={{ xs: 12, md: 8 }}>
        <VideoBox>
          {stream.recording_url ? (
            <video
              ref={videoRef}
              aria-label="Recording"
              src={isHls ? undefined : stream.recording_url}
              controls
              playsInline
              preload="metadata"
              onTimeUpdate={(e) => onTime(e.currentTarget.currentTime)}
              onSeeked={(e) => onTime(e.currentTarget.currentTime)}
              onLoadedMetadata={(e) => Number.isFinite(e.currentTarget.duration) && setDurationMs(e.currentTarget.duration * 1000)}
              style={{ width: '100%', height: '100%', display: 'block' }}
            />
          ) : (
            <VideoNotice
              icon={<VideocamOffIcon fontSize="large" />}
              title={<Typography>{stream.status === 'LIVE' ? 'This stream is still live.' : stream.recording_state === 'pending' ? 'The recording is being stored; check back in a moment.' : 'No recording is available for this stream.'}</Typography>}
            />
          )}
        </VideoBox>
        {stream.recording_url && timeline?.(seek, durationMs)}
        <Stack spacing={1} sx={{ mt: 2 }}>
          <Typography variant="h5" component="h1">
            {stream.title}
          </Typography>
          <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
            <Typography color="text.secondary">{stream.streamer_username}</Typography>
            <Chip size="small" variant="outlined" label={stream.category} />
            {stream.duration_seconds !== null && <Chip size="small" label={formatDuration(stream.duration_seconds)} aria-label="Duration" />}
            {stream.recording_state === 'pending' && <Chip size="small" color="warning" label="Recording pending" aria-label="Recording state" />}
            {stream.recording_state === 'failed' && <Chip size="small" color="error" label="Recording upload failed" aria-label="Recording state" />}
            {stream.started_at && <Typography variant="body2" color="text.secondary">{new Date(stream.started_at).toLocaleString()}</Typography>}
            <Typography variant="body2" color="text.secondary">
              Peak {stream.peak_viewers} viewers
            </Typography>
          </Stack>
          {stream.description && (
            <Typography variant="body2" sx={{ whiteSpace: 'pre-wrap' }}>
              {stream.description}
            </Typography>
          )}
          {stream.status === 'LIVE' && <Alert severity="info">This stream is live: watch it on its live page.</Alert>}
        </Stack>
      </Grid>
      <Grid size={{ xs: 12, md: 4 }}>{chat}</Grid>
    </Grid>
  );
}
