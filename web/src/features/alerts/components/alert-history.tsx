// The channel's alert history, newest first, filtered by symbol and status, a page at a time.
import { useState } from 'react';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import type { AlertStatus, Tier } from '../api/alert-types';
import { useAlertHistory } from '../hooks/use-channel-record';
import { STATUS_LABEL } from '../lib/alert-text';
import { releaseDelayText } from '../lib/release-delay';
import AlertCard from './alert-card';

const STATUSES: AlertStatus[] = ['open', 'active', 'closed', 'retracted'];

export default function AlertHistory({ streamerId, delays, tier }: { streamerId: string; delays?: Partial<Record<Tier, number>>; tier: Tier | null }) {
  const [symbol, setSymbol] = useState('');
  const [status, setStatus] = useState<AlertStatus | ''>('');
  const history = useAlertHistory(streamerId, { symbol: symbol.trim().toUpperCase(), status: status || undefined });
  return (
    <Stack spacing={1.5} component="section" aria-label="Alert history">
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
        <Typography variant="h6" component="h2" sx={{ flex: 1 }}>
          Alert history
        </Typography>
        <TextField size="small" label="Symbol" value={symbol} onChange={(e) => setSymbol(e.target.value.toUpperCase())} sx={{ width: 130 }} slotProps={{ htmlInput: { maxLength: 20 } }} />
        <TextField select size="small" label="Status" value={status} onChange={(e) => setStatus(e.target.value as AlertStatus | '')} sx={{ width: 130 }}>
          <MenuItem value="">All</MenuItem>
          {STATUSES.map((s) => (
            <MenuItem key={s} value={s}>
              {STATUS_LABEL[s]}
            </MenuItem>
          ))}
        </TextField>
      </Stack>
      {history.error && <Alert severity="error">{history.error}</Alert>}
      {history.alerts.map((a) => (
        <AlertCard key={a.alert_id} alert={a} dense delayNotice={a.status === 'open' || a.status === 'active' ? releaseDelayText(a.release_delays ?? delays, tier) : null} />
      ))}
      {!history.busy && history.alerts.length === 0 && !history.error && (
        <Typography variant="body2" color="text.secondary">
          No alerts{symbol || status ? ' match' : ' yet'}.
        </Typography>
      )}
      {!history.done && history.alerts.length > 0 && (
        <Button onClick={history.more} disabled={history.busy} sx={{ alignSelf: 'center' }}>
          Older alerts
        </Button>
      )}
    </Stack>
  );
}
