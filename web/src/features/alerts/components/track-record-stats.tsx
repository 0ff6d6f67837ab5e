// The headline figures of a track record and its per-symbol and per-timeframe tables.
import Box from '@mui/material/Box';
import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import type { Extreme, TrackRecord } from '../api/get-track-record';
import { signed } from '../lib/alert-text';
import { groupName, type GroupRow } from '../lib/track-record-rows';

const dash = (v: string | number | null | undefined, unit = '') => (v === null || v === undefined || v === '' ? '—' : `${v}${unit}`);
const signedOr = (v: string | null | undefined, unit = '') => (v ? `${signed(v)}${unit}` : '—');

const extremeText = (e: Extreme | null | undefined) => (e ? `${e.symbol ?? ''} ${signedOr(e.r_multiple ?? e.r, ' R')}`.trim() : '—');

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <Paper variant="outlined" sx={{ p: 1.5 }}>
      <Typography variant="caption" color="text.secondary" component="div">
        {label}
      </Typography>
      <Typography variant="h6" component="div" sx={{ fontVariantNumeric: 'tabular-nums' }} aria-label={label}>
        {value}
      </Typography>
    </Paper>
  );
}

export function TrackRecordStats({ record }: { record: TrackRecord }) {
  return (
    <Box sx={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(140px, 1fr))', gap: 1 }}>
      <Stat label="Alerts" value={dash(record.alerts)} />
      <Stat label="Closed" value={dash(record.closed)} />
      <Stat label="Open" value={dash(record.open)} />
      <Stat label="Retracted" value={dash(record.retracted)} />
      <Stat label="Win rate" value={dash(record.win_rate, '%')} />
      <Stat label="Total R" value={signedOr(record.total_r)} />
      <Stat label="Average R" value={signedOr(record.avg_r)} />
      <Stat label="Average return" value={signedOr(record.avg_return_pct, '%')} />
      <Stat label="Best" value={extremeText(record.best)} />
      <Stat label="Worst" value={extremeText(record.worst)} />
    </Box>
  );
}

export function GroupTable({ rows, label }: { rows: GroupRow[]; label: string }) {
  if (rows.length === 0) return null;
  return (
    <Table size="small" aria-label={`By ${label.toLowerCase()}`}>
      <TableHead>
        <TableRow>
          <TableCell>{label}</TableCell>
          <TableCell align="right">Alerts</TableCell>
          <TableCell align="right">Closed</TableCell>
          <TableCell align="right">Win rate</TableCell>
          <TableCell align="right">Total R</TableCell>
          <TableCell align="right">Avg return</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map((r) => (
          <TableRow key={r.key}>
            <TableCell component="th" scope="row" sx={{ fontWeight: 600 }}>
              {groupName(r.key, label.toLowerCase())}
            </TableCell>
            <TableCell align="right">{dash(r.alerts)}</TableCell>
            <TableCell align="right">{dash(r.closed)}</TableCell>
            <TableCell align="right">{dash(r.win_rate, '%')}</TableCell>
            <TableCell align="right">{signedOr(r.total_r)}</TableCell>
            <TableCell align="right">{signedOr(r.avg_return_pct, '%')}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
