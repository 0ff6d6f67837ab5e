// The streamer's alert composer beside the studio chat, keyboard-first: the symbol field has focus, Tab
// walks the fields, Alt+L / Alt+S pick the side, Alt+Z toggles an entry zone, Ctrl+Enter posts. Targets go
// in one field ("195 198.5"). The two disclosures have no default: the streamer states them every time.
// Checks mirror the server's (lib/validate-alert); when the server still refuses, its message shows.
import { useRef, useState, type KeyboardEvent } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import FormControlLabel from '@mui/material/FormControlLabel';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Switch from '@mui/material/Switch';
import TextField from '@mui/material/TextField';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import Typography from '@mui/material/Typography';
import { useIdempotencyKey } from '../../../lib/idempotency';
import { useNotify } from '../../../lib/notify';
import type { AlertDraft, Side, Timeframe, TradeAlert } from '../api/alert-types';
import { postAlert } from '../api/post-alert';
import { alertLine } from '../lib/alert-text';
import { normalizePrice } from '../lib/decimal';
import { parseTargets } from '../lib/parse-targets';
import { ratioText, riskReward } from '../lib/risk-reward';
import { MAX_NOTE_CHARS, TIMEFRAMES, validateAlert } from '../lib/validate-alert';

export interface AlertComposerProps {
  streamId: string;
  /** The channel has no disclaimer yet (the server refuses the first alert without one). */
  needsDisclaimer?: boolean;
  onPosted?: (alert: TradeAlert) => void;
}

type YesNo = 'yes' | 'no' | null;

export default function AlertComposer({ streamId, needsDisclaimer, onPosted }: AlertComposerProps) {
  const notify = useNotify();
  const symbolRef = useRef<HTMLInputElement>(null);
  const [symbol, setSymbol] = useState('');
  const [side, setSide] = useState<Side>('long');
  const [zone, setZone] = useState(false);
  const [entry, setEntry] = useState('');
  const [entryHigh, setEntryHigh] = useState('');
  const [stop, setStop] = useState('');
  const [targets, setTargets] = useState('');
  const [size, setSize] = useState('');
  const [timeframe, setTimeframe] = useState<Timeframe | ''>('');
  const [note, setNote] = useState('');
  const [holds, setHolds] = useState<YesNo>(null);
  const [promo, setPromo] = useState<YesNo>(null);
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [serverError, setServerError] = useState<string | null>(null);

  const fields = {
    symbol: symbol.trim().toUpperCase(),
    side,
    entry: zone ? { low: entry.trim(), high: entryHigh.trim() } : entry.trim(),
    stop: stop.trim(),
    targets: parseTargets(targets),
    ...(size.trim() && { size_pct: Number(size) }),
    ...(timeframe && { timeframe }),
    ...(note.trim() && { note: note.trim() }),
  };
  const errors = validateAlert({ ...fields, holds_position: holds === 'yes', paid_promotion: promo === 'yes' });
  const disclosed = holds !== null && promo !== null;
  const errorOf = (field: string) => (tried ? errors.find((e) => e.field === field)?.message : undefined);
  const key = useIdempotencyKey(JSON.stringify(fields), holds, promo);
  const rr = riskReward(fields.side, fields.entry, fields.stop, fields.targets);

  const reset = () => {
    setSymbol('');
    setEntry('');
    setEntryHigh('');
    setStop('');
    setTargets('');
    setSize('');
    setNote('');
    setHolds(null);
    setPromo(null);
    setTried(false);
    symbolRef.current?.focus();
  };

  const submit = async () => {
    setTried(true);
    setServerError(null);
    if (errors.length || !disclosed || busy) return;
    setBusy(true);
    try {
      const normal = (p: string) => normalizePrice(p);
      const draft: AlertDraft = {
        ...fields,
        entry: typeof fields.entry === 'string' ? normal(fields.entry) : { low: normal(fields.entry.low), high: normal(fields.entry.high) },
        stop: normal(fields.stop),
        targets: fields.targets.map(normal),
        holds_position: holds === 'yes',
        paid_promotion: promo === 'yes',
        idempotency_key: key,
      };
      const alert = await postAlert(streamId, draft);
      notify(`Alert posted: ${alertLine(alert)}`, 'success');
      onPosted?.(alert);
      reset();
    } catch (e) {
      setServerError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void submit();
    } else if (e.altKey && !e.ctrlKey) {
      const k = e.key.toLowerCase();
      if (k === 'l' || k === 's') {
        e.preventDefault();
        setSide(k === 'l' ? 'long' : 'short');
      } else if (k === 'z') {
        e.preventDefault();
        setZone((z) => !z);
      }
    }
  };

  const yesNo = (label: string, value: YesNo, set: (v: YesNo) => void, yes: string, no: string) => (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
      <Typography variant="body2" sx={{ flex: 1 }} id={`${label}-label`}>
        {label}
      </Typography>
      <ToggleButtonGroup size="small" exclusive value={value} onChange={(_, v: YesNo) => v && set(v)} aria-labelledby={`${label}-label`}>
        <ToggleButton value="yes">{yes}</ToggleButton>
        <ToggleButton value="no">{no}</ToggleButton>
      </ToggleButtonGroup>
    </Stack>
  );

  return (
    <Paper variant="outlined" component="section" aria-label="Alert composer" sx={{ p: 1.5 }} onKeyDown={onKeyDown}>
      <Typography variant="subtitle1" component="h2" sx={{ fontWeight: 700, mb: 1 }}>
        Post a trade alert
      </Typography>
      {needsDisclaimer && (
        <Alert severity="warning" sx={{ mb: 1 }}>
          Set your channel disclaimer in Alert settings before your first alert: it travels with every alert.
        </Alert>
      )}
      <Stack spacing={1.25} component="form" noValidate onSubmit={(e) => { e.preventDefault(); void submit(); }}>
        <Stack direction="row" spacing={1}>
          <TextField
            inputRef={symbolRef}
            autoFocus
            size="small"
            label="Symbol"
            value={symbol}
            onChange={(e) => setSymbol(e.target.value.toUpperCase())}
            error={!!errorOf('symbol')}
            helperText={errorOf('symbol')}
            slotProps={{ htmlInput: { maxLength: 20, autoCapitalize: 'characters', spellCheck: false } }}
            sx={{ flex: 1 }}
          />
          <ToggleButtonGroup size="small" exclusive value={side} onChange={(_, v: Side | null) => v && setSide(v)} aria-label="Side">
            <ToggleButton value="long" color="success" aria-keyshortcuts="Alt+L">
              Long
            </ToggleButton>
            <ToggleButton value="short" color="error" aria-keyshortcuts="Alt+S">
              Short
            </ToggleButton>
          </ToggleButtonGroup>
        </Stack>
        <Stack direction="row" spacing={1} sx={{ alignItems: 'flex-start' }}>
          <TextField size="small" label={zone ? 'Zone low' : 'Entry'} value={entry} onChange={(e) => setEntry(e.target.value)} error={!!errorOf('entry')} helperText={errorOf('entry')} slotProps={{ htmlInput: { inputMode: 'decimal' } }} sx={{ flex: 1 }} />
          {zone && (
            <TextField size="small" label="Zone high" value={entryHigh} onChange={(e) => setEntryHigh(e.target.value)} error={!!errorOf('entry_high')} helperText={errorOf('entry_high')} slotProps={{ htmlInput: { inputMode: 'decimal' } }} sx={{ flex: 1 }} />
          )}
          <TextField size="small" label="Stop" value={stop} onChange={(e) => setStop(e.target.value)} error={!!errorOf('stop')} helperText={errorOf('stop')} slotProps={{ htmlInput: { inputMode: 'decimal' } }} sx={{ flex: 1 }} />
        </Stack>
        <FormControlLabel control={<Switch size="small" checked={zone} onChange={(e) => setZone(e.target.checked)} />} label="Entry zone (Alt+Z)" />
        <TextField
          size="small"
          label="Targets"
          placeholder="195 198.5"
          value={targets}
          onChange={(e) => setTargets(e.target.value)}
          error={!!errors.find((e) => e.field.startsWith('targets')) && tried}
          helperText={(tried && errors.filter((e) => e.field.startsWith('targets')).map((e) => e.message).join(' · ')) || 'Up to 5, separated by spaces'}
        />
        <Stack direction="row" spacing={1}>
          <TextField size="small" label="Size %" value={size} onChange={(e) => setSize(e.target.value)} error={!!errorOf('size_pct')} helperText={errorOf('size_pct')} slotProps={{ htmlInput: { inputMode: 'numeric' } }} sx={{ width: 100 }} />
          <TextField select size="small" label="Timeframe" value={timeframe} onChange={(e) => setTimeframe(e.target.value as Timeframe | '')} sx={{ flex: 1 }}>
            <MenuItem value="">
              <em>None</em>
            </MenuItem>
            {TIMEFRAMES.map((t) => (
              <MenuItem key={t} value={t}>
                {t}
              </MenuItem>
            ))}
          </TextField>
        </Stack>
        <TextField size="small" label="Note" value={note} onChange={(e) => setNote(e.target.value)} multiline maxRows={4} error={!!errorOf('note')} helperText={errorOf('note') ?? `${[...note].length} / ${MAX_NOTE_CHARS}`} />
        <Box role="group" aria-label="Disclosures">
          {yesNo('Do you hold or plan to trade it?', holds, setHolds, 'Yes', 'No')}
          {yesNo('Paid promotion?', promo, setPromo, 'Paid', 'Not paid')}
          {tried && !disclosed && (
            <Typography variant="caption" color="error" role="alert">
              State both disclosures for every alert.
            </Typography>
          )}
        </Box>
        <Box aria-label="Preview" role="status" sx={{ bgcolor: 'action.hover', borderRadius: 1, px: 1.25, py: 0.75 }}>
          <Typography variant="body2" sx={{ fontWeight: 600, overflowWrap: 'anywhere' }}>
            {fields.symbol ? alertLine(fields) : 'Preview appears as you type'}
          </Typography>
          {rr && (
            <Typography variant="caption" color="text.secondary" component="div">
              Risk {rr.risk_pct}% from {rr.entry}
              {rr.ratios.map((r, i) => (r ? ` · T${i + 1} R:R ${ratioText(r)}` : ''))}
            </Typography>
          )}
        </Box>
        {serverError && (
          <Alert severity="error" aria-label="Server refused">
            {serverError}
          </Alert>
        )}
        <Button type="submit" variant="contained" disabled={busy} aria-keyshortcuts="Control+Enter">
          Post alert (Ctrl+Enter)
        </Button>
      </Stack>
    </Paper>
  );
}
