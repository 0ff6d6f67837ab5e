import { Link as RouterLink } from 'react-router';
import Box from '@mui/material/Box';
import Card from '@mui/material/Card';
import CardActionArea from '@mui/material/CardActionArea';
import CardContent from '@mui/material/CardContent';
import Chip from '@mui/material/Chip';
import Typography from '@mui/material/Typography';
import AccessTimeIcon from '@mui/icons-material/AccessTime';
import { LiveChip, ViewerChip } from '../../../components/live-chip';
import { formatDuration, formatTimeAgo } from '../../../lib/format';
import { overlay } from '../../../theme/create-theme';
import type { Stream } from '../../../lib/types';
import StreamThumbnail from './stream-thumbnail';

// The media plane's state (kept current by the directory feed) when video is not flowing yet or again.
const MEDIA_NOTE: Record<string, string> = { waiting: 'Starting…', reconnecting: 'Reconnecting…' };

export default function StreamCard({ stream, now }: { stream: Stream; now: number }) {
  const live = stream.status === 'LIVE';
  const to = live ? `/watch/${stream.stream_id}` : `/vod/${stream.stream_id}`;
  const uptime = live && stream.started_at ? formatDuration((now - stream.started_at) / 1000) : null;
  return (
    <Card sx={{ height: '100%' }}>
      <CardActionArea component={RouterLink} to={to} aria-label={`${stream.title} by ${stream.streamer_username}`} sx={{ height: '100%', alignItems: 'stretch' }}>
        <Box sx={{ position: 'relative' }}>
          <StreamThumbnail stream={stream} />
          <Box sx={{ position: 'absolute', top: 8, left: 8, display: 'flex', gap: 0.5 }}>
            {live ? <LiveChip /> : <Chip size="small" label={stream.status === 'SCHEDULED' ? 'SCHEDULED' : 'VOD'} sx={{ bgcolor: overlay.background, color: overlay.text }} />}
            {live && <ViewerChip count={stream.viewer_count} />}
            {live && MEDIA_NOTE[stream.media_state ?? ''] && (
              <Chip size="small" label={MEDIA_NOTE[stream.media_state ?? '']} sx={{ bgcolor: overlay.background, color: overlay.text }} />
            )}
          </Box>
          {(uptime || stream.duration_seconds) && (
            <Chip
              size="small"
              icon={<AccessTimeIcon sx={{ color: `${overlay.text} !important` }} />}
              label={uptime ?? formatDuration(stream.duration_seconds ?? 0)}
              aria-label={live ? `Live for ${uptime}` : 'Duration'}
              sx={{ position: 'absolute', bottom: 8, right: 8, bgcolor: overlay.background, color: overlay.text }}
            />
          )}
        </Box>
        <CardContent sx={{ pb: '12px !important' }}>
          <Typography variant="subtitle1" noWrap title={stream.title} sx={{ fontWeight: 650 }}>
            {stream.title}
          </Typography>
          <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, mt: 0.5, minWidth: 0 }}>
            <Typography variant="body2" color="text.secondary" noWrap sx={{ flexShrink: 1, minWidth: 0 }}>
              {stream.streamer_username}
              {!live && stream.ended_at ? ` · ${formatTimeAgo(stream.ended_at, now)}` : ''}
            </Typography>
            <Chip size="small" variant="outlined" label={stream.category} sx={{ ml: 'auto' }} />
          </Box>
        </CardContent>
      </CardActionArea>
    </Card>
  );
}
