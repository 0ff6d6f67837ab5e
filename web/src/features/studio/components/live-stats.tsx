// The live panel's numbers: uptime, viewers, publish health and the founding design's stream stats.
import { useEffect, useState } from 'react';
import Box from '@mui/material/Box';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import { formatCount, formatDuration, formatMoney } from '../../../lib/format';
import { useNow } from '../../../lib/use-now';
import { streamStats, type StreamStats } from '../../../lib/stream-stats';
import { getStreamTips } from '../../../lib/stream-tips';

export interface PublishHealth {
  kbps: number | null;
  width?: number;
  height?: number;
  fps?: number;
  state: string;
}

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <Paper variant="outlined" sx={{ p: 1.5, minWidth: 0 }}>
      <Typography variant="caption" color="text.secondary" component="p" noWrap>
        {label}
      </Typography>
      <Typography variant="h6" component="p" aria-label={label} noWrap>
        {value}
      </Typography>
    </Paper>
  );
}

export default function LiveStats({ streamId, startedAt, viewerCount, health }: { streamId: string; startedAt: number; viewerCount: number | null; health: PublishHealth | null }) {
  const now = useNow(1000);
  const [stats, setStats] = useState<StreamStats | null>(null);
  useEffect(() => {
    const ctrl = new AbortController();
    // Stats come from the realtime issue, tip totals from the ledger; either may be missing.
    const load = () =>
      Promise.all([streamStats(streamId, ctrl.signal).catch(() => null), getStreamTips(streamId, ctrl.signal).catch(() => null)]).then(
        ([st, tips]) => (st || tips) && setStats({ ...(st ?? {}), ...(tips ? { total_tips_cents: tips.total_tips_cents } : {}) }),
      );
    load();
    const t = setInterval(load, 10_000);
    return () => {
      ctrl.abort();
      clearInterval(t);
    };
  }, [streamId]);
  const tips = stats?.total_tips_cents ?? stats?.total_tips;
  const viewers = viewerCount ?? stats?.current_viewers ?? 0;
  return (
    <Box sx={{ display: 'grid', gridTemplateColumns: { xs: 'repeat(2, 1fr)', sm: 'repeat(3, 1fr)', lg: 'repeat(6, 1fr)' }, gap: 1 }}>
      <Stat label="Uptime" value={formatDuration((now - startedAt) / 1000)} />
      <Stat label="Viewers" value={formatCount(viewers)} />
      <Stat label="Peak viewers" value={stats?.peak_viewers !== undefined ? formatCount(Math.max(stats.peak_viewers, viewers)) : formatCount(viewers)} />
      <Stat label="Messages" value={stats?.message_count !== undefined ? formatCount(stats.message_count) : '—'} />
      <Stat label="Tips" value={tips !== undefined ? formatMoney(tips) : '—'} />
      <Stat
        label="Video health"
        value={
          health && health.state === 'connected'
            ? `${health.kbps ?? '…'} kbps${health.height ? ` · ${health.height}p` : ''}${health.fps ? ` · ${Math.round(health.fps)} fps` : ''}`
            : health
              ? health.state
              : 'not publishing'
        }
      />
    </Box>
  );
}
