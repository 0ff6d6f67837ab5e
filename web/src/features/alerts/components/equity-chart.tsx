// The equity curve: cumulative R over the closed alerts (MUI X Charts; lazy-loaded with this file).
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { LineChart } from '@mui/x-charts/LineChart';
import type { CurvePoint } from '../lib/track-record-rows';

export default function EquityChart({ points, height = 240 }: { points: CurvePoint[]; height?: number }) {
  if (points.length === 0) {
    return (
      <Box role="status" sx={{ height, display: 'grid', placeItems: 'center', color: 'text.secondary' }}>
        <Typography variant="body2">No closed alerts yet: the curve starts with the first result.</Typography>
      </Box>
    );
  }
  return (
    <Box aria-label="Equity curve" role="img" sx={{ height }}>
      <LineChart
        height={height}
        series={[{ data: points.map((p) => p.r), label: 'Cumulative R', showMark: points.length < 40, area: false, curve: 'linear' }]}
        xAxis={[{ data: points.map((_, i) => i), scaleType: 'point', label: 'Closed alerts' }]}
        yAxis={[{ label: 'R' }]}
        margin={{ left: 8, right: 16 }}
      />
    </Box>
  );
}
