// The channel's alert settings (studio): the standing disclaimer that travels with every alert, and the
// release delay per tier. Hidden on a server without trade alerts (the settings route answers 404).
import { useState } from 'react';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { errorMessage } from '../../../lib/api-client';
import { useNotify } from '../../../lib/notify';
import type { AlertSettings, Tier } from '../api/alert-types';
import { DEFAULT_RELEASE_DELAYS, TIERS } from '../lib/release-delay';
import { DISCLAIMER_MAX, DISCLAIMER_MIN, MAX_RELEASE_DELAY_S } from '../lib/validate-alert';

const TIER_LABEL: Record<Tier, string> = { PREMIUM: 'Premium delay (s)', BASIC: 'Basic delay (s)', FREE: 'Free & signed-out delay (s)' };

export interface AlertSettingsFormProps {
  settings: AlertSettings | null;
  onSave: (s: AlertSettings) => Promise<unknown>;
}

export default function AlertSettingsForm({ settings, onSave }: AlertSettingsFormProps) {
  const notify = useNotify();
  const [disclaimer, setDisclaimer] = useState(settings?.disclaimer ?? '');
  const [delays, setDelays] = useState<Record<Tier, string>>(() => {
    const d = settings?.release_delays ?? DEFAULT_RELEASE_DELAYS;
    return { PREMIUM: String(d.PREMIUM ?? 0), BASIC: String(d.BASIC ?? 0), FREE: String(d.FREE ?? 60) };
  });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const length = [...disclaimer.trim()].length;
  const disclaimerError = length < DISCLAIMER_MIN || length > DISCLAIMER_MAX ? `${DISCLAIMER_MIN}–${DISCLAIMER_MAX} characters (now ${length})` : null;
  const delayError = (t: Tier) => (/^\d{1,3}$/.test(delays[t]) && Number(delays[t]) <= MAX_RELEASE_DELAY_S ? null : `0–${MAX_RELEASE_DELAY_S} seconds`);
  const invalid = !!disclaimerError || TIERS.some((t) => delayError(t));

  const save = async () => {
    if (invalid) return;
    setBusy(true);
    setError(null);
    try {
      await onSave({ disclaimer: disclaimer.trim(), release_delays: { PREMIUM: Number(delays.PREMIUM), BASIC: Number(delays.BASIC), FREE: Number(delays.FREE) } });
      notify('Alert settings saved', 'success');
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card component="section" aria-label="Alert settings">
      <CardContent>
        <Typography variant="h6" component="h2">
          Alert settings
        </Typography>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
          Your disclaimer is shown on every alert, without a click. Delays hold alerts back per tier; each delayed alert tells the viewer how much later they see it.
        </Typography>
        <Stack spacing={2} component="form" noValidate onSubmit={(e) => { e.preventDefault(); void save(); }}>
          <TextField
            label="Disclaimer"
            multiline
            minRows={2}
            value={disclaimer}
            onChange={(e) => setDisclaimer(e.target.value)}
            error={!!disclaimer && !!disclaimerError}
            helperText={disclaimerError ?? `${length} / ${DISCLAIMER_MAX}`}
            placeholder="Not financial advice. I trade what I call; you are responsible for your own trades."
          />
          <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
            {TIERS.map((t) => (
              <TextField
                key={t}
                label={TIER_LABEL[t]}
                value={delays[t]}
                onChange={(e) => setDelays((d) => ({ ...d, [t]: e.target.value }))}
                error={!!delayError(t)}
                helperText={delayError(t) ?? ' '}
                slotProps={{ htmlInput: { inputMode: 'numeric' } }}
                sx={{ flex: 1 }}
              />
            ))}
          </Stack>
          {error && <Alert severity="error">{error}</Alert>}
          <Button type="submit" variant="contained" disabled={busy || invalid} sx={{ alignSelf: 'flex-start' }}>
            Save alert settings
          </Button>
        </Stack>
      </CardContent>
    </Card>
  );
}
