// The streamer's one-click updates on an open alert (studio): Filled (at the price typed, else the entry),
// Scale out (a share at the price), Stop to breakeven (the fill, else the entry), Close (at the price) and
// Retract (only before a fill). Each update is final in the record, so a refusal shows the server's words.
import { useState } from 'react';
import Button from '@mui/material/Button';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { newIdempotencyKey } from '../../../lib/idempotency';
import type { TradeAlert, UpdateKind } from '../api/alert-types';
import { updateAlert } from '../api/update-alert';
import { formatDecimal, midpoint, normalizePrice, parseDecimal } from '../lib/decimal';
import { validateUpdate } from '../lib/validate-alert';

export interface AlertActionsProps {
  alert: TradeAlert;
  onUpdated?: (alert: TradeAlert) => void;
}

const SHARES = [25, 50, 75];

/** The entry as one price: itself, or a zone's midpoint. */
export function entryPoint(a: TradeAlert): string {
  if (typeof a.entry === 'string') return a.entry;
  const low = parseDecimal(a.entry.low);
  const high = parseDecimal(a.entry.high);
  return low && high ? formatDecimal(midpoint(low, high)) : a.entry.low;
}

export default function AlertActions({ alert, onUpdated }: AlertActionsProps) {
  const [price, setPrice] = useState('');
  const [share, setShare] = useState(50);
  const [busy, setBusy] = useState<UpdateKind | null>(null);
  const [error, setError] = useState<string | null>(null);
  const filled = alert.status === 'active';
  const fill = alert.fill ?? alert.fill_price ?? null;
  if (alert.status !== 'open' && alert.status !== 'active') return null;

  const send = async (kind: UpdateKind, at?: string, share_pct?: number) => {
    const p = at === undefined ? undefined : normalizePrice(at.trim());
    const problems = validateUpdate(kind, p, share_pct);
    if (problems.length) return setError(problems.map((x) => x.message).join(' · '));
    setBusy(kind);
    setError(null);
    try {
      const a = await updateAlert(alert.alert_id, { kind, ...(p !== undefined && { price: p }), ...(share_pct !== undefined && { share_pct }), idempotency_key: newIdempotencyKey() });
      setPrice('');
      onUpdated?.(a);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(null);
    }
  };
  const typed = price.trim() || undefined;

  return (
    <Stack spacing={1} aria-label={`Update ${alert.symbol}`} role="group">
      <Stack direction="row" spacing={1}>
        <TextField
          size="small"
          label="Price"
          value={price}
          onChange={(e) => setPrice(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && typed && (e.preventDefault(), void send(filled ? 'close' : 'filled', typed))}
          placeholder={filled ? 'exit price' : entryPoint(alert)}
          slotProps={{ htmlInput: { inputMode: 'decimal' } }}
          sx={{ flex: 1 }}
        />
        {filled && (
          <TextField select size="small" label="Share" value={share} onChange={(e) => setShare(Number(e.target.value))} sx={{ width: 90 }}>
            {SHARES.map((s) => (
              <MenuItem key={s} value={s}>
                {s}%
              </MenuItem>
            ))}
          </TextField>
        )}
      </Stack>
      <Stack direction="row" spacing={0.5} useFlexGap sx={{ flexWrap: 'wrap' }}>
        {!filled && (
          <Button size="small" variant="outlined" disabled={!!busy} onClick={() => send('filled', typed ?? entryPoint(alert))}>
            Filled
          </Button>
        )}
        {filled && (
          <Button size="small" variant="outlined" disabled={!!busy || !typed} onClick={() => send('scale_out', typed, share)}>
            Scale out {share}%
          </Button>
        )}
        {filled && (
          <Button size="small" variant="outlined" disabled={!!busy} onClick={() => send('move_stop', fill ?? entryPoint(alert))}>
            Stop to breakeven
          </Button>
        )}
        <Button size="small" variant="outlined" color="secondary" disabled={!!busy || !typed} onClick={() => send('add_target', typed)}>
          Add target
        </Button>
        {filled && (
          <Button size="small" variant="contained" disabled={!!busy || !typed} onClick={() => send('close', typed)}>
            Close
          </Button>
        )}
        {!filled && (
          <Button size="small" color="warning" disabled={!!busy} onClick={() => send('retract')}>
            Retract
          </Button>
        )}
      </Stack>
      {error && (
        <Typography variant="caption" color="error" role="alert">
          {error}
        </Typography>
      )}
    </Stack>
  );
}
