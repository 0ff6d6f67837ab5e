// Wallet: balance, history (tips sent/received, fees, subscriptions, payouts) and a payout request.
import { useCallback, useEffect, useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Chip from '@mui/material/Chip';
import Grid from '@mui/material/Grid';
import InputAdornment from '@mui/material/InputAdornment';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import AccountBalanceWalletIcon from '@mui/icons-material/AccountBalanceWallet';
import EmptyState from '../../../components/empty-state';
import Loading from '../../../components/loading';
import { errorMessage } from '../../../lib/api-client';
import { formatMoney, parseAmountToCents } from '../../../lib/format';
import { useIdempotencyKey } from '../../../lib/idempotency';
import { useNotify } from '../../../lib/notify';
import { getWallet } from '../api/get-wallet';
import { listTransactions, type WalletTransaction } from '../api/list-transactions';
import { requestPayout } from '../api/request-payout';

// Transfer types from docs/api.md; the sign of amount_cents says whether money came in or went out.
function describe(t: WalletTransaction): { label: string; color: 'success' | 'error' | 'warning' | 'info' | 'default' } {
  const type = (t.type ?? t.kind ?? 'TRANSFER').toUpperCase();
  const incoming = t.amount_cents > 0;
  switch (type) {
    case 'TIP':
      return incoming ? { label: 'Tip received', color: 'success' } : { label: 'Tip sent', color: 'info' };
    case 'SUBSCRIPTION':
      return incoming ? { label: 'Subscriber', color: 'success' } : { label: 'Subscription', color: 'info' };
    case 'DEPOSIT':
      return { label: 'Deposit', color: 'success' };
    case 'PAYOUT_REQUEST':
      return { label: 'Payout requested', color: 'warning' };
    case 'PAYOUT':
      return { label: 'Payout', color: 'default' };
    case 'REFUND':
      return { label: 'Payout returned', color: 'info' };
    case 'FEE':
      return { label: 'Fee', color: 'warning' };
    default:
      return { label: type.replace(/_/g, ' ').toLowerCase(), color: 'default' };
  }
}

export default function WalletView() {
  const notify = useNotify();
  const [wallet, setWallet] = useState<Awaited<ReturnType<typeof getWallet>> | null>(null);
  const [txs, setTxs] = useState<WalletTransaction[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [payoutText, setPayoutText] = useState('');
  const [payoutBusy, setPayoutBusy] = useState(false);
  const payoutCents = parseAmountToCents(payoutText);
  const payoutKey = useIdempotencyKey(payoutCents); // same key on retry of the same amount

  const load = useCallback(async () => {
    try {
      const [w, t] = await Promise.all([getWallet(), listTransactions()]);
      setWallet(w);
      setTxs(t.transactions);
      setCursor(t.next_cursor);
      setError(null);
    } catch (e) {
      setError(errorMessage(e));
      setTxs((x) => x ?? []);
    }
  }, []);
  useEffect(() => {
    load();
  }, [load]);

  const more = async () => {
    try {
      const t = await listTransactions(cursor);
      setTxs((x) => [...(x ?? []), ...t.transactions]);
      setCursor(t.next_cursor);
    } catch (e) {
      notify(errorMessage(e), 'error');
    }
  };

  const payout = async () => {
    if (!payoutCents) return;
    setPayoutBusy(true);
    try {
      await requestPayout(payoutCents, payoutKey);
      notify(`Payout of ${formatMoney(payoutCents, wallet?.currency)} requested`, 'success');
      setPayoutText('');
      load();
    } catch (e) {
      notify(errorMessage(e), 'error');
    } finally {
      setPayoutBusy(false);
    }
  };

  const currency = wallet?.currency ?? 'USD';
  return (
    <Stack spacing={3}>
      <Typography variant="h5" component="h1">
        Wallet
      </Typography>
      {error && <Alert severity="error">{error}</Alert>}
      <Grid container spacing={2}>
        <Grid size={{ xs: 12, md: 6 }}>
          <Card sx={{ height: '100%' }}>
            <CardContent>
              <Typography color="text.secondary" gutterBottom>
                Balance
              </Typography>
              <Typography variant="h3" component="p" aria-label="Wallet balance" sx={{ fontWeight: 700 }}>
                {wallet ? formatMoney(wallet.balance_cents, currency) : '—'}
              </Typography>
              {wallet && (wallet.tips_earned_cents !== undefined || wallet.subscriptions_earned_cents !== undefined) && (
                <Typography variant="body2" sx={{ mt: 1 }}>
                  Earned from tips {formatMoney(wallet.tips_earned_cents ?? 0, currency)} · from subscriptions{' '}
                  {formatMoney(wallet.subscriptions_earned_cents ?? 0, currency)} (after fees)
                </Typography>
              )}
              <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
                Funds are added by the platform's payment system.
              </Typography>
            </CardContent>
          </Card>
        </Grid>
        <Grid size={{ xs: 12, md: 6 }}>
          <Card sx={{ height: '100%' }}>
            <CardContent>
              <Typography color="text.secondary" gutterBottom>
                Request a payout
              </Typography>
              <Stack direction="row" spacing={1} sx={{ alignItems: 'flex-start' }}>
                <TextField
                  label="Payout amount"
                  value={payoutText}
                  onChange={(e) => setPayoutText(e.target.value)}
                  error={payoutText !== '' && payoutCents === null}
                  helperText={payoutText !== '' && payoutCents === null ? 'Enter an amount like 20 or 12.50' : ' '}
                  slotProps={{ input: { startAdornment: <InputAdornment position="start">$</InputAdornment> } }}
                />
                <Button variant="contained" onClick={payout} disabled={!payoutCents || payoutBusy || (wallet !== null && payoutCents > wallet.balance_cents)}>
                  Request payout
                </Button>
              </Stack>
            </CardContent>
          </Card>
        </Grid>
      </Grid>
      <Box>
        <Typography variant="h6" component="h2" gutterBottom>
          Transactions
        </Typography>
        {!txs && <Loading label="Loading transactions" />}
        {txs && txs.length === 0 && <EmptyState icon={<AccountBalanceWalletIcon />} title="No transactions yet">Tips, subscriptions and payouts appear here.</EmptyState>}
        {txs && txs.length > 0 && (
          <TableContainer component={Card}>
            <Table size="small" aria-label="Transactions">
              <TableHead>
                <TableRow>
                  <TableCell>When</TableCell>
                  <TableCell>Kind</TableCell>
                  <TableCell sx={{ display: { xs: 'none', sm: 'table-cell' } }}>Details</TableCell>
                  <TableCell align="right">Amount</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {txs.map((t, i) => (
                  <TableRow key={t.transaction_id ?? t.transfer_id ?? t.id ?? i}>
                    <TableCell>{new Date(t.created_at).toLocaleString()}</TableCell>
                    <TableCell>
                      <Chip size="small" label={describe(t).label} color={describe(t).color} variant="outlined" />
                    </TableCell>
                    <TableCell sx={{ display: { xs: 'none', sm: 'table-cell' } }}>
                      {t.description ?? t.counterparty_username ?? t.counterparty ?? (t.stream_id ? 'on a stream' : '')}
                      {t.fee_cents ? ` (fee ${formatMoney(t.fee_cents, currency)})` : ''}
                      {t.status ? ` · ${t.status}` : ''}
                    </TableCell>
                    <TableCell align="right" sx={{ color: t.amount_cents < 0 ? 'error.main' : 'success.main', fontWeight: 600 }}>
                      {t.amount_cents > 0 ? '+' : ''}
                      {formatMoney(t.amount_cents, currency)}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </TableContainer>
        )}
        {cursor && (
          <Button sx={{ mt: 1 }} onClick={more}>
            Load more
          </Button>
        )}
      </Box>
    </Stack>
  );
}
