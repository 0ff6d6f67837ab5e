// "Viewers over time": a line chart of sampled viewer counts (MUI X Charts; loaded with the lazy
// analytics view), its peak and time-weighted average, or an empty state when nothing was sampled.
import Box from '@mui/material/Box';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { LineChart } from '@mui/x-charts/LineChart';
import { formatCount } from '../../../lib/format';
import type { ViewerPoint } from '../api/get-viewer-series';
import { joinSeries, summarizeViewers } from '../lib/viewer-summary';

export interface ViewersChartProps {
  /** One series per stream, oldest first; several are drawn on one time axis with gaps between them. */
  series: ViewerPoint[][];
  height?: number;
}

// Dates for a series over days, hours and minutes within a day, seconds within a short stream.
const timeLabel = (d: Date, spanMs: number) =>
  spanMs > 36 * 3600_000
    ? d.toLocaleDateString([], { month: 'short', day: 'numeric' })
    : d.toLocaleTimeString([], spanMs > 20 * 60_000 ? { hour: '2-digit', minute: '2-digit' } : { hour: '2-digit', minute: '2-digit', second: '2-digit' });

export default function ViewersChart({ series, height = 280 }: ViewersChartProps) {
  const points = joinSeries(series);
  const summary = summarizeViewers(series.flat().sort((a, b) => a.t - b.t));
  if (!summary || points.length === 0) {
    return (
      <Box role="status" sx={{ height, display: 'grid', placeItems: 'center', textAlign: 'center', color: 'text.secondary' }}>
        <Typography variant="body2">No viewer samples yet. Counts are recorded while a stream is live.</Typography>
      </Box>
    );
  }
  // The summary over each stream's own span (gaps between streams are not zero-viewer time).
  const perStream = series.map(summarizeViewers).filter((s): s is NonNullable<typeof s> => !!s);
  const average = perStream.reduce((a, s) => a + s.average, 0) / perStream.length;
  const span = points[points.length - 1].t - points[0].t;
  return (
    <Box role="figure" aria-label="Viewers over time chart">
      <Stack direction="row" spacing={3} sx={{ mb: 1 }}>
        <Typography variant="body2" aria-label="Peak viewers in chart">
          Peak <strong>{formatCount(summary.peak)}</strong>
        </Typography>
        <Typography variant="body2" aria-label="Average viewers in chart">
          Average <strong>{average.toFixed(1)}</strong>
        </Typography>
      </Stack>
      <LineChart
        height={height}
        xAxis={[{ data: points.map((p) => new Date(p.t)), scaleType: 'time', valueFormatter: (d: Date) => timeLabel(d, span) }]}
        // A count holds until the next sample: steps, not curves (the average is weighted the same way).
        series={[{ data: points.map((p) => p.viewers), label: 'Viewers', area: true, showMark: false, connectNulls: false, curve: 'stepAfter' }]}
      />
    </Box>
  );
}
