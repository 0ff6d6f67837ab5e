// One trade alert as a card: side, symbol, status, entry or zone, stop, targets with their reward to
// risk, size and timeframe, P&L once closed, and the disclosures — the position and paid-promotion flags,
// the channel's disclaimer and, for a delayed tier, how much later this viewer sees it — all visible
// without a click (issue 13). `actions` holds the streamer's update buttons in the studio.
import type { ReactNode } from 'react';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { alpha } from '@mui/material/styles';
import { formatClock } from '../../../lib/format';
import type { TradeAlert } from '../api/alert-types';
import { entryText, signed, STATUS_LABEL } from '../lib/alert-text';
import { ratioText, riskReward } from '../lib/risk-reward';

export interface AlertCardProps {
  alert: TradeAlert;
  /** The release-delay sentence for this viewer ("You see this 60 s after subscribers."), if delayed. */
  delayNotice?: string | null;
  actions?: ReactNode;
  /** A tighter card (chat replay, history lists); the disclosures stay in full. */
  dense?: boolean;
}

const STATUS_COLOR = { open: 'info', active: 'primary', closed: 'default', retracted: 'warning' } as const;

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Box sx={{ minWidth: 0 }}>
      <Typography variant="caption" color="text.secondary" component="div">
        {label}
      </Typography>
      <Typography variant="body2" sx={{ fontWeight: 600, fontVariantNumeric: 'tabular-nums', overflowWrap: 'anywhere' }} component="div">
        {children}
      </Typography>
    </Box>
  );
}

export default function AlertCard({ alert, delayNotice, actions, dense }: AlertCardProps) {
  const long = alert.side === 'long';
  const rr = riskReward(alert.side, alert.entry, alert.stop, alert.targets);
  const zone = typeof alert.entry === 'object';
  const d = alert.disclosures ?? { holds_position: false, paid_promotion: false };
  const gain = alert.pnl && !alert.pnl.return_pct.startsWith('-') && !/^0(\.0*)?$/.test(alert.pnl.return_pct);
  return (
    <Paper
      variant="outlined"
      component="article"
      aria-label={`Alert ${alert.side.toUpperCase()} ${alert.symbol}`}
      data-status={alert.status}
      data-alert-id={alert.alert_id}
      sx={(t) => ({
        p: dense ? 1 : 1.5,
        borderLeft: `4px solid ${long ? t.palette.success.main : t.palette.error.main}`,
        bgcolor: alpha(long ? t.palette.success.main : t.palette.error.main, 0.06),
        opacity: alert.status === 'retracted' ? 0.7 : 1,
      })}
    >
      <Stack direction="row" spacing={1} useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
        <Chip size="small" color={long ? 'success' : 'error'} label={alert.side.toUpperCase()} sx={{ fontWeight: 700 }} />
        <Typography component="h3" variant="subtitle1" sx={{ fontWeight: 800, letterSpacing: 0.3 }}>
          {alert.symbol}
        </Typography>
        <Chip size="small" variant="outlined" color={STATUS_COLOR[alert.status] ?? 'default'} label={STATUS_LABEL[alert.status] ?? alert.status} aria-label="Status" />
        {alert.timeframe && <Chip size="small" variant="outlined" label={alert.timeframe} />}
        {alert.size_pct ? <Chip size="small" variant="outlined" label={`size ${alert.size_pct}%`} /> : null}
        <Typography variant="caption" color="text.secondary" sx={{ ml: 'auto' }}>
          {formatClock(alert.posted_at)}
        </Typography>
      </Stack>

      <Box sx={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(88px, 1fr))', gap: 1, mt: 1 }}>
        <Field label={zone ? 'Entry zone' : 'Entry'}>{entryText(alert.entry)}</Field>
        <Field label="Stop">{alert.stop}</Field>
        <Field label={alert.targets.length === 1 ? 'Target' : 'Targets'}>
          {alert.targets.length === 0 ? '—' : alert.targets.map((t, i) => (
            <Box key={i} component="span" sx={{ display: 'block' }}>
              {t}
              {rr?.ratios[i] && (
                <Typography component="span" variant="caption" color="text.secondary" sx={{ ml: 0.5 }}>
                  ({ratioText(rr.ratios[i]!)})
                </Typography>
              )}
            </Box>
          ))}
        </Field>
        {rr && <Field label="Risk">{rr.risk_pct}%</Field>}
        {(alert.fill ?? alert.fill_price) && <Field label="Filled at">{alert.fill ?? alert.fill_price}</Field>}
      </Box>

      {alert.pnl && (
        <Stack direction="row" spacing={2} sx={{ mt: 1 }} aria-label="Result">
          <Typography variant="body2" sx={{ fontWeight: 700, color: gain ? 'success.main' : 'error.main' }}>
            {signed(alert.pnl.return_pct)}%
          </Typography>
          <Typography variant="body2" sx={{ fontWeight: 700, color: gain ? 'success.main' : 'error.main' }}>
            {signed(alert.pnl.r_multiple)} R
          </Typography>
        </Stack>
      )}

      {alert.note && (
        <Typography variant="body2" sx={{ mt: 1, whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
          {alert.note}
        </Typography>
      )}

      <Box aria-label="Disclosures" sx={{ mt: 1 }}>
        <Stack direction="row" spacing={0.5} useFlexGap sx={{ flexWrap: 'wrap' }}>
          <Chip size="small" variant="outlined" label={d.holds_position ? 'Streamer holds / plans to trade this' : 'Streamer holds no position'} />
          {d.paid_promotion && <Chip size="small" color="warning" label="Paid promotion" />}
        </Stack>
        {d.disclaimer && (
          <Typography variant="caption" color="text.secondary" component="p" sx={{ mt: 0.5, mb: 0 }}>
            {d.disclaimer}
          </Typography>
        )}
        {delayNotice && (
          <Typography variant="caption" color="warning.main" component="p" role="note" sx={{ mt: 0.5, mb: 0 }}>
            {delayNotice}
          </Typography>
        )}
      </Box>
      {actions && <Box sx={{ mt: 1 }}>{actions}</Box>}
    </Paper>
  );
}
