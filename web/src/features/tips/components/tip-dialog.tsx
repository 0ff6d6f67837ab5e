// Send a tip: presets or a custom amount, an optional message, the balance, and safe retries — the
// idempotency key stays the same until the amount or message changes, so a retry never pays twice.
import { useEffect, useState } from 'react';
import { Link as RouterLink } from 'react-router';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import InputAdornment from '@mui/material/InputAdornment';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import Typography from '@mui/material/Typography';
import { ApiError, errorMessage } from '../../../lib/api-client';
import { formatMoney, parseAmountToCents } from '../../../lib/format';
import { useIdempotencyKey } from '../../../lib/idempotency';
import { getBalance } from '../api/get-balance';
import { sendTip, type Tip } from '../api/send-tip';

export const TIP_PRESETS = [100, 500, 1000, 2500];
export const MAX_TIP_MESSAGE = 200;

export interface TipDialogProps {
  open: boolean;
  streamId: string;
  streamerName: string;
  onClose: () => void;
  onSent?: (tip: Tip) => void;
}

export default function TipDialog({ open, streamId, streamerName, onClose, onSent }: TipDialogProps) {
  const [amountText, setAmountText] = useState('5');
  const [message, setMessage] = useState('');
  const [balance, setBalance] = useState<{ balance_cents: number; currency: string } | null>(null);
  const [balanceError, setBalanceError] = useState<string | null>(null);
  const [error, setError] = useState<{ code: string; message: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState<Tip | null>(null);
  const amountCents = parseAmountToCents(amountText);
  // A new key whenever what we would send changes; kept across retries of the same tip.
  const key = useIdempotencyKey(amountCents, message, streamId, open);

  useEffect(() => {
    if (!open) return;
    setError(null);
    setSent(null);
    const ctrl = new AbortController();
    getBalance(ctrl.signal)
      .then((b) => {
        setBalance(b);
        setBalanceError(null);
      })
      .catch((e) => !ctrl.signal.aborted && setBalanceError(errorMessage(e)));
    return () => ctrl.abort();
  }, [open]);

  const insufficient = balance !== null && amountCents !== null && amountCents > balance.balance_cents;
  const currency = balance?.currency ?? 'USD';

  const submit = async () => {
    if (amountCents === null) return;
    setBusy(true);
    setError(null);
    try {
      const { tip } = await sendTip(streamId, { amount_cents: amountCents, message: message.trim() || undefined, idempotency_key: key });
      setSent(tip);
      setBalance((b) => (b ? { ...b, balance_cents: b.balance_cents - tip.amount_cents } : b));
      onSent?.(tip);
    } catch (e) {
      setError({ code: e instanceof ApiError ? e.code : 'error', message: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  };

  const retryable = error && (error.code === 'network_error' || error.code === 'server_busy' || error.code === 'http_error' || error.code === 'internal');
  return (
    <Dialog open={open} onClose={busy ? undefined : onClose} aria-labelledby="tip-title" fullWidth maxWidth="xs">
      <DialogTitle id="tip-title">Send a tip to {streamerName}</DialogTitle>
      <DialogContent>
        {sent ? (
          <Stack spacing={2}>
            <Alert severity="success" role="status">
              You tipped {formatMoney(sent.amount_cents, currency)}. Thank you!
            </Alert>
            {balance && (
              <Typography variant="body2" color="text.secondary">
                New balance: <span aria-label="Balance">{formatMoney(balance.balance_cents, currency)}</span>
              </Typography>
            )}
          </Stack>
        ) : (
          <Stack spacing={2} sx={{ pt: 1 }}>
            <ToggleButtonGroup
              exclusive
              fullWidth
              value={amountCents}
              onChange={(_, v: number | null) => v !== null && setAmountText((v / 100).toString())}
              aria-label="Preset amounts"
            >
              {TIP_PRESETS.map((c) => (
                <ToggleButton key={c} value={c} aria-label={formatMoney(c, currency)}>
                  {formatMoney(c, currency).replace(/\.00$/, '')}
                </ToggleButton>
              ))}
            </ToggleButtonGroup>
            <TextField
              label="Amount"
              value={amountText}
              onChange={(e) => setAmountText(e.target.value)}
              error={amountText !== '' && amountCents === null}
              helperText={amountText !== '' && amountCents === null ? 'Enter an amount like 5 or 2.50' : ' '}
              slotProps={{ htmlInput: { inputMode: 'decimal' }, input: { startAdornment: <InputAdornment position="start">$</InputAdornment> } }}
            />
            <TextField
              label="Message"
              value={message}
              onChange={(e) => setMessage(e.target.value)}
              multiline
              minRows={2}
              slotProps={{ htmlInput: { maxLength: MAX_TIP_MESSAGE } }}
              helperText={`${message.length}/${MAX_TIP_MESSAGE}`}
            />
            <Box sx={{ display: 'flex', justifyContent: 'space-between' }}>
              <Typography variant="body2" color="text.secondary">
                Your balance
              </Typography>
              <Typography variant="body2" aria-label="Balance" sx={{ fontWeight: 700 }}>
                {balance ? formatMoney(balance.balance_cents, currency) : balanceError ? 'unavailable' : '…'}
              </Typography>
            </Box>
            {balanceError && <Alert severity="info">Wallet: {balanceError}</Alert>}
            {(insufficient || error?.code === 'insufficient_funds') && (
              <Alert severity="warning" action={<Button component={RouterLink} to="/wallet" size="small">Wallet</Button>}>
                Insufficient funds for this tip. Top up your wallet or choose a smaller amount.
              </Alert>
            )}
            {error && error.code !== 'insufficient_funds' && (
              <Alert severity="error" role="alert">
                {error.message}
                {retryable ? ' You can retry safely: you will not be charged twice.' : ''}
              </Alert>
            )}
          </Stack>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={busy}>
          {sent ? 'Close' : 'Cancel'}
        </Button>
        {!sent && (
          <Button variant="contained" color="success" onClick={submit} disabled={busy || amountCents === null || insufficient}>
            {busy ? 'Sending…' : retryable ? 'Retry tip' : `Send tip${amountCents ? ` ${formatMoney(amountCents, currency)}` : ''}`}
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
}
