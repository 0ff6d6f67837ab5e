// Channel analytics: per stream and over time, as charts (MUI X Charts; this whole view is lazy-loaded).
import { useEffect, useMemo, useState } from 'react';
import Alert from '@mui/material/Alert';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Grid from '@mui/material/Grid';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import InsightsIcon from '@mui/icons-material/Insights';
import { BarChart } from '@mui/x-charts/BarChart';
import EmptyState from '../../../components/empty-state';
import Loading from '../../../components/loading';
import { errorMessage } from '../../../lib/api-client';
import { formatCount, formatDuration, formatMoney } from '../../../lib/format';
import { useSession } from '../../../lib/session';
import type { Stream } from '../../../lib/types';
import { myStreams } from '../api/my-streams';
import { streamStats, type StreamStats } from '../../../lib/stream-stats';
import { getStreamTips } from '../../../lib/stream-tips';
import { getViewerSeries, type ViewerPoint } from '../api/get-viewer-series';
import { summarizeViewers, type ViewerSummary } from '../lib/viewer-summary';
import ViewersChart from './viewers-chart';

interface Row {
  stream: Stream;
  stats: StreamStats | null;
  viewers: ViewerPoint[];
  summary: ViewerSummary | null;
}

function Kpi({ label, value }: { label: string; value: string }) {
  return (
    <Card>
      <CardContent>
        <Typography variant="caption" color="text.secondary">
          {label}
        </Typography>
        <Typography variant="h5" component="p" aria-label={label}>
          {value}
        </Typography>
      </CardContent>
    </Card>
  );
}

export default function AnalyticsView() {
  const { user } = useSession();
  const [rows, setRows] = useState<Row[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState('all');

  useEffect(() => {
    if (!user) return;
    const ctrl = new AbortController();
    (async () => {
      try {
        const { streams } = await myStreams(user.id, ctrl.signal);
        // The 30 most recent streams: three small requests each (stats, tips, viewers over time).
        const sorted = [...streams].sort((a, b) => (a.started_at ?? a.created_at) - (b.started_at ?? b.created_at)).slice(-30);
        const loaded = await Promise.all(
          sorted.map(async (s) => {
            const [st, tips, series] = await Promise.all([
              streamStats(s.stream_id, ctrl.signal).catch(() => null),
              getStreamTips(s.stream_id, ctrl.signal).catch(() => null),
              getViewerSeries(s.stream_id, 120, ctrl.signal).catch(() => null),
            ]);
            const stats = st || tips ? { ...(st ?? {}), ...(tips ? { total_tips_cents: tips.total_tips_cents } : {}) } : null;
            const viewers = series?.samples ?? [];
            return { stats, viewers, summary: summarizeViewers(viewers) };
          }),
        );
        setRows(sorted.map((stream, i) => ({ stream, ...loaded[i] })));
      } catch (e) {
        if (!ctrl.signal.aborted) setError(errorMessage(e));
      }
    })();
    return () => ctrl.abort();
  }, [user]);

  const shown = useMemo(() => (rows ?? []).filter((r) => selected === 'all' || r.stream.stream_id === selected), [rows, selected]);
  const totals = useMemo(() => {
    let peak = 0;
    let avgSum = 0;
    let avgN = 0;
    let watch = 0;
    let messages = 0;
    let tips = 0;
    let seconds = 0;
    for (const r of shown) {
      peak = Math.max(peak, r.stats?.peak_viewers ?? r.stream.peak_viewers, r.summary?.peak ?? 0);
      if (r.summary) {
        avgSum += r.summary.average;
        avgN += 1;
      }
      watch += r.stats?.avg_watch_time ?? 0;
      messages += r.stats?.message_count ?? 0;
      tips += r.stats?.total_tips_cents ?? r.stats?.total_tips ?? 0;
      seconds += r.stream.duration_seconds ?? 0;
    }
    return { peak, avgViewers: avgN ? avgSum / avgN : null, avgWatch: shown.length ? watch / shown.length : 0, messages, tips, seconds };
  }, [shown]);

  if (error) return <Alert severity="error">{error}</Alert>;
  if (!rows) return <Loading label="Loading analytics" />;
  if (rows.length === 0)
    return (
      <EmptyState icon={<InsightsIcon />} title="No streams yet">
        Go live from the Studio; your numbers appear here afterwards.
      </EmptyState>
    );

  const labels = shown.map((r) => new Date(r.stream.started_at ?? r.stream.created_at).toLocaleDateString([], { month: 'short', day: 'numeric' }) + ' · ' + r.stream.title.slice(0, 16));
  return (
    <Stack spacing={2}>
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2} sx={{ alignItems: { sm: 'center' } }}>
        <Typography variant="h5" component="h1" sx={{ flex: 1 }}>
          Channel analytics
        </Typography>
        <TextField select label="Stream" value={selected} onChange={(e) => setSelected(e.target.value)} sx={{ minWidth: 260 }}>
          <MenuItem value="all">All streams</MenuItem>
          {rows.map((r) => (
            <MenuItem key={r.stream.stream_id} value={r.stream.stream_id}>
              {r.stream.title}
            </MenuItem>
          ))}
        </TextField>
      </Stack>
      <Grid container spacing={2}>
        {[
          ['Peak viewers', formatCount(totals.peak)],
          ['Average viewers', totals.avgViewers === null ? '–' : totals.avgViewers.toFixed(1)],
          ['Average watch time', formatDuration(totals.avgWatch)],
          ['Messages', formatCount(totals.messages)],
          ['Tips and earnings', formatMoney(totals.tips)],
          ['Hours streamed', (totals.seconds / 3600).toFixed(1)],
        ].map(([l, v]) => (
          <Grid key={l} size={{ xs: 6, md: 'grow' }}>
            <Kpi label={l} value={v} />
          </Grid>
        ))}
      </Grid>
      <Grid container spacing={2}>
        <Grid size={{ xs: 12, lg: 6 }}>
          <Card>
            <CardContent>
              <Typography variant="subtitle1" component="h2" sx={{ fontWeight: 700 }}>
                Viewers over time{selected === 'all' ? ', all streams' : ''}
              </Typography>
              <ViewersChart series={shown.map((r) => r.viewers)} />
            </CardContent>
          </Card>
        </Grid>
        <Grid size={{ xs: 12, lg: 6 }}>
          <Card>
            <CardContent>
              <Typography variant="subtitle1" component="h2" sx={{ fontWeight: 700 }}>
                Peak and average viewers per stream
              </Typography>
              <BarChart
                height={280}
                xAxis={[{ data: labels, scaleType: 'band' }]}
                series={[
                  { data: shown.map((r) => Math.max(r.summary?.peak ?? 0, r.stats?.peak_viewers ?? r.stream.peak_viewers)), label: 'Peak' },
                  { data: shown.map((r) => (r.summary ? Math.round(r.summary.average * 10) / 10 : null)), label: 'Average' },
                ]}
              />
            </CardContent>
          </Card>
        </Grid>
        <Grid size={{ xs: 12, lg: 6 }}>
          <Card>
            <CardContent>
              <Typography variant="subtitle1" sx={{ fontWeight: 700 }}>
                Tips and messages per stream
              </Typography>
              <BarChart
                height={280}
                xAxis={[{ data: labels, scaleType: 'band' }]}
                yAxis={[{ id: 'money', label: '$' }, { id: 'count', position: 'right' }]}
                series={[
                  { data: shown.map((r) => (r.stats?.total_tips_cents ?? r.stats?.total_tips ?? 0) / 100), label: 'Tips ($)', yAxisId: 'money' },
                  { data: shown.map((r) => r.stats?.message_count ?? 0), label: 'Messages', yAxisId: 'count' },
                ]}
              />
            </CardContent>
          </Card>
        </Grid>
        <Grid size={{ xs: 12, lg: 6 }}>
          <Card>
            <CardContent>
              <Typography variant="subtitle1" sx={{ fontWeight: 700 }}>
                Watch time per stream (average, minutes)
              </Typography>
              <BarChart height={240} xAxis={[{ data: labels, scaleType: 'band' }]} series={[{ data: shown.map((r) => Math.round(((r.stats?.avg_watch_time ?? 0) / 60) * 10) / 10), label: 'Avg watch (min)' }]} />
            </CardContent>
          </Card>
        </Grid>
      </Grid>
    </Stack>
  );
}
