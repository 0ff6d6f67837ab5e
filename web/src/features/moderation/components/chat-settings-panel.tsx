// The studio's "Chat settings": the chat mode (slow mode, followers-, subscribers-, emote-only), the
// channel's blocked terms, its moderators and its banned users. Modes change live over the socket (`onSetMode`, present
// while the stream is live, so the room hears of it); terms and moderators over REST. The server
// checks every change; a refusal is shown and nothing changes here.
import { useEffect, useState, type FormEvent } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Chip from '@mui/material/Chip';
import Divider from '@mui/material/Divider';
import FormControl from '@mui/material/FormControl';
import FormControlLabel from '@mui/material/FormControlLabel';
import IconButton from '@mui/material/IconButton';
import InputLabel from '@mui/material/InputLabel';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import MenuItem from '@mui/material/MenuItem';
import Select from '@mui/material/Select';
import Stack from '@mui/material/Stack';
import Switch from '@mui/material/Switch';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import PersonRemoveIcon from '@mui/icons-material/PersonRemoveOutlined';
import { errorMessage } from '../../../lib/api-client';
import { getBlockedTerms, setBlockedTerms } from '../api/blocked-terms';
import { getChatSettings, type ChatModeSettings } from '../api/chat-settings';
import { addModerator, listModerators, removeModerator, type Moderator } from '../api/moderators';
import BannedUsers from './banned-users';

export const SLOW_MODE_CHOICES = [0, 3, 10, 30, 60, 120, 300, 600];
const slowLabel = (s: number) => (s === 0 ? 'Off' : s < 60 ? `${s} seconds` : `${s / 60} minute${s === 60 ? '' : 's'}`);
const MAX_TERMS = 100;
const MAX_TERM_LENGTH = 50;

export interface ChatSettingsPanelProps {
  streamerId: string;
  /** The owner manages moderators; moderators see the list. */
  isOwner: boolean;
  /** The live room's mode; when absent the stored one is read over REST. */
  chatMode?: ChatModeSettings | null;
  /** Changes the mode in the live room; absent while not live. */
  onSetMode?: ((change: Partial<ChatModeSettings>) => Promise<void>) | null;
  /** The live stream joined by the studio chat: unbans go through its room. Absent while not live. */
  streamId?: string | null;
}

export default function ChatSettingsPanel({ streamerId, isOwner, chatMode, onSetMode, streamId }: ChatSettingsPanelProps) {
  const [stored, setStored] = useState<ChatModeSettings | null>(null);
  const [terms, setTerms] = useState<string[]>([]);
  const [term, setTerm] = useState('');
  const [mods, setMods] = useState<Moderator[]>([]);
  const [modName, setModName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const ctrl = new AbortController();
    getChatSettings(streamerId, ctrl.signal).then(setStored).catch(() => {});
    getBlockedTerms(streamerId, ctrl.signal).then(setTerms).catch(() => {});
    listModerators(streamerId, ctrl.signal).then(setMods).catch(() => {});
    return () => ctrl.abort();
  }, [streamerId]);

  const mode = chatMode ?? stored;
  const run = async (what: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await what();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const changeMode = (change: Partial<ChatModeSettings>) =>
    onSetMode && run(async () => {
      await onSetMode(change);
      setStored((m) => (m ? { ...m, ...change } : m));
    });

  const addTerm = (e: FormEvent) => {
    e.preventDefault();
    const t = term.trim();
    if (!t) return;
    if (t.length > MAX_TERM_LENGTH) return setError(`A blocked term is at most ${MAX_TERM_LENGTH} characters.`);
    void run(async () => {
      setTerms(await setBlockedTerms(streamerId, [...terms, t]));
      setTerm('');
    });
  };
  const removeTerm = (t: string) => run(async () => setTerms(await setBlockedTerms(streamerId, terms.filter((x) => x !== t))));
  const addMod = (e: FormEvent) => {
    e.preventDefault();
    const name = modName.trim();
    if (!name) return;
    void run(async () => {
      const m = await addModerator(streamerId, name);
      setMods((list) => (list.some((x) => x.user_id === m.user_id) ? list : [...list, m]));
      setModName('');
    });
  };
  const removeMod = (m: Moderator) =>
    run(async () => {
      await removeModerator(streamerId, m.user_id);
      setMods((list) => list.filter((x) => x.user_id !== m.user_id));
    });

  const modeDisabled = !onSetMode || busy || !mode;
  return (
    <Card component="section" aria-labelledby="chat-settings-title">
      <CardContent>
        <Typography id="chat-settings-title" variant="subtitle1" component="h2" sx={{ fontWeight: 700 }} gutterBottom>
          Chat settings
        </Typography>
        {error && (
          <Alert severity="warning" role="alert" sx={{ mb: 2 }} onClose={() => setError(null)}>
            {error}
          </Alert>
        )}
        {!onSetMode && (
          <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
            Go live to change the chat mode; it applies to all your streams.
          </Typography>
        )}
        <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2} sx={{ alignItems: { sm: 'center' }, flexWrap: 'wrap' }}>
          <FormControl size="small" sx={{ minWidth: 160 }} disabled={modeDisabled}>
            <InputLabel id="slow-mode-label">Slow mode</InputLabel>
            <Select
              labelId="slow-mode-label"
              label="Slow mode"
              value={mode?.slow_mode_seconds ?? 0}
              onChange={(e) => changeMode({ slow_mode_seconds: Number(e.target.value) })}
            >
              {SLOW_MODE_CHOICES.map((s) => (
                <MenuItem key={s} value={s}>
                  {slowLabel(s)}
                </MenuItem>
              ))}
            </Select>
          </FormControl>
          {(['followers_only', 'subscribers_only', 'emote_only'] as const).map((k) => (
            <FormControlLabel
              key={k}
              control={<Switch checked={!!mode?.[k]} disabled={modeDisabled} onChange={(e) => changeMode({ [k]: e.target.checked })} />}
              label={k === 'followers_only' ? 'Followers-only' : k === 'subscribers_only' ? 'Subscribers-only' : 'Emote-only'}
            />
          ))}
        </Stack>

        <Divider sx={{ my: 2 }} />
        <Typography variant="subtitle2" component="h3" gutterBottom>
          Blocked terms
        </Typography>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
          Messages containing one are refused (case and spacing ignored). {terms.length}/{MAX_TERMS}.
        </Typography>
        <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 0.5, mb: 1 }} role="list" aria-label="Blocked terms">
          {terms.map((t) => (
            <Chip key={t} role="listitem" label={t} onDelete={() => removeTerm(t)} disabled={busy} deleteIcon={<span aria-label={`Remove blocked term ${t}`}>×</span>} />
          ))}
        </Box>
        <Box component="form" onSubmit={addTerm} sx={{ display: 'flex', gap: 1 }}>
          <TextField
            size="small"
            label="Blocked term"
            value={term}
            onChange={(e) => setTerm(e.target.value)}
            slotProps={{ htmlInput: { maxLength: MAX_TERM_LENGTH + 10 } }}
            disabled={terms.length >= MAX_TERMS}
          />
          <Button type="submit" variant="outlined" disabled={busy || !term.trim() || terms.length >= MAX_TERMS}>
            Add term
          </Button>
        </Box>

        <Divider sx={{ my: 2 }} />
        <Typography variant="subtitle2" component="h3" gutterBottom>
          Moderators
        </Typography>
        <Typography variant="body2" color="text.secondary">
          Moderators delete messages, time out and ban viewers, and change these settings.
        </Typography>
        <List dense aria-label="Moderators">
          {mods.length === 0 && (
            <ListItem>
              <ListItemText secondary="No moderators yet." />
            </ListItem>
          )}
          {mods.map((m) => (
            <ListItem
              key={m.user_id}
              secondaryAction={
                isOwner ? (
                  <IconButton edge="end" aria-label={`Remove moderator ${m.username}`} onClick={() => removeMod(m)} disabled={busy}>
                    <PersonRemoveIcon />
                  </IconButton>
                ) : undefined
              }
            >
              <ListItemText primary={m.username} />
            </ListItem>
          ))}
        </List>
        {isOwner && (
          <Box component="form" onSubmit={addMod} sx={{ display: 'flex', gap: 1 }}>
            <TextField size="small" label="Moderator username" value={modName} onChange={(e) => setModName(e.target.value)} />
            <Button type="submit" variant="outlined" disabled={busy || !modName.trim()}>
              Add moderator
            </Button>
          </Box>
        )}

        <Divider sx={{ my: 2 }} />
        <BannedUsers streamerId={streamerId} streamId={streamId} moderators={mods} />
      </CardContent>
    </Card>
  );
}
