// The streamer's monthly subscription prices (empty = tier not offered).
import { useEffect, useState } from 'react';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import InputAdornment from '@mui/material/InputAdornment';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { errorMessage } from '../../../lib/api-client';
import { formatCount, parseAmountToCents } from '../../../lib/format';
import { useNotify } from '../../../lib/notify';
import { getChannel, type ChannelInfo } from '../api/get-channel';
import { setPrices } from '../api/set-prices';

const toText = (c: number | null | undefined) => (c ? (c / 100).toFixed(2) : '');

export default function PriceSettings({ streamerId }: { streamerId: string }) {
  const notify = useNotify();
  const [info, setInfo] = useState<ChannelInfo | null>(null);
  const [basic, setBasic] = useState('');
  const [premium, setPremium] = useState('');
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    const ctrl = new AbortController();
    getChannel(streamerId, ctrl.signal)
      .then((c) => {
        setInfo(c);
        setBasic(toText(c.prices?.BASIC));
        setPremium(toText(c.prices?.PREMIUM));
      })
      .catch(() => {});
    return () => ctrl.abort();
  }, [streamerId]);
  if (!info) return null; // channels are not on this server yet

  const b = basic.trim() ? parseAmountToCents(basic) : null;
  const p = premium.trim() ? parseAmountToCents(premium) : null;
  const invalid = (basic.trim() !== '' && b === null) || (premium.trim() !== '' && p === null);
  const save = async () => {
    setBusy(true);
    try {
      await setPrices(streamerId, b, p);
      notify('Subscription prices saved', 'success');
    } catch (e) {
      notify(errorMessage(e), 'error');
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card>
      <CardContent>
        <Typography variant="subtitle1" component="h2" sx={{ fontWeight: 700 }} gutterBottom>
          Subscriptions
        </Typography>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
          {formatCount(info.subscribers?.total ?? 0)} followers and subscribers. Leave a price empty to not offer that tier.
        </Typography>
        <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1} sx={{ alignItems: { sm: 'flex-start' } }}>
          <TextField label="Basic per month" value={basic} onChange={(e) => setBasic(e.target.value)} error={basic.trim() !== '' && b === null} slotProps={{ input: { startAdornment: <InputAdornment position="start">$</InputAdornment> } }} />
          <TextField label="Premium per month" value={premium} onChange={(e) => setPremium(e.target.value)} error={premium.trim() !== '' && p === null} slotProps={{ input: { startAdornment: <InputAdornment position="start">$</InputAdornment> } }} />
          <Button variant="outlined" onClick={save} disabled={busy || invalid}>
            Save prices
          </Button>
        </Stack>
      </CardContent>
    </Card>
  );
}
