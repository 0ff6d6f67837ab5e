// The watch page's frame: player and stream details on the left, chat on the right (below on phones).
import type { ReactNode } from 'react';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Grid from '@mui/material/Grid';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { LiveChip } from '../../../components/live-chip';
import { formatCount, formatDuration } from '../../../lib/format';
import { useNow } from '../../../lib/use-now';
import type { Stream } from '../../../lib/types';

export interface WatchLayoutProps {
  stream: Stream;
  live: boolean;
  viewerCount: number;
  player: ReactNode;
  /** Reactions, tip, follow/subscribe. */
  actions?: ReactNode;
  chat: ReactNode;
  notice?: ReactNode;
}

export default function WatchLayout({ stream, live, viewerCount, player, actions, chat, notice }: WatchLayoutProps) {
  const now = useNow(1000);
  return (
    <Grid container spacing={2}>
      <Grid size={{ xs: 12, md: 8 }}>
        {player}
        {notice}
        <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1} sx={{ alignItems: { sm: 'center' }, mt: 1.5 }}>
          <Box sx={{ flex: 1, minWidth: 0 }}>
            <Typography variant="h5" component="h1" sx={{ overflowWrap: 'anywhere' }}>
              {stream.title}
            </Typography>
            <Stack direction="row" spacing={1} useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap', mt: 0.5 }}>
              {live ? <LiveChip /> : <Chip size="small" label="ENDED" />}
              <Typography sx={{ fontWeight: 600 }}>{stream.streamer_username}</Typography>
              <Chip size="small" variant="outlined" label={stream.category} />
              <Typography variant="body2" color="text.secondary" aria-label="Viewer count">
                {formatCount(viewerCount)} watching
              </Typography>
              {live && stream.started_at && (
                <Typography variant="body2" color="text.secondary" aria-label="Uptime">
                  live for {formatDuration((now - stream.started_at) / 1000)}
                </Typography>
              )}
            </Stack>
          </Box>
        </Stack>
        {actions && <Box sx={{ mt: 1.5, display: 'flex', gap: 1, flexWrap: 'wrap', alignItems: 'center' }}>{actions}</Box>}
        {stream.description && (
          <Typography variant="body2" color="text.secondary" sx={{ mt: 1.5, whiteSpace: 'pre-wrap' }}>
            {stream.description}
          </Typography>
        )}
      </Grid>
      <Grid size={{ xs: 12, md: 4 }}>{chat}</Grid>
    </Grid>
  );
}
