// "Banned users" in Chat settings: the channel's bans and timeouts in force, who made each and when a
// timeout ends, with an Unban button per row. Unbanning goes through the live room (`unban_user`); while
// not live the list shows and the buttons say why they are off.
import { useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import Typography from '@mui/material/Typography';
import { errorMessage } from '../../../lib/api-client';
import { formatClock, formatTimeAgo } from '../../../lib/format';
import type { Ban } from '../api/bans';
import { useChannelBans } from '../hooks/use-channel-bans';

export interface BannedUsersProps {
  streamerId: string;
  /** The live stream whose room carries unbans and ban broadcasts; absent while not live. */
  streamId?: string | null;
  /** Names for `created_by` (the channel's moderators; the streamer is "you"). */
  moderators: { user_id: string; username: string }[];
}

function describe(b: Ban, byName: (id: string) => string, now: number): string {
  const by = byName(b.created_by);
  const when = formatTimeAgo(b.created_at, now);
  const what = b.until === null ? `Banned ${when}` : `Timed out ${when}, until ${formatClock(b.until)}`;
  return by ? `${what} by ${by}` : what;
}

export default function BannedUsers({ streamerId, streamId, moderators }: BannedUsersProps) {
  const { bans, status, loadError, unban, reload } = useChannelBans(streamerId, streamId);
  const [pending, setPending] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const byName = (id: string) => (id === streamerId ? 'you' : (moderators.find((m) => m.user_id === id)?.username ?? ''));

  const lift = async (b: Ban) => {
    setPending(b.user_id);
    setError(null);
    try {
      await unban(b.user_id);
    } catch (e) {
      setError(`Could not unban ${b.username}: ${errorMessage(e)}`);
    } finally {
      setPending(null);
    }
  };

  const now = Date.now();
  return (
    <Box component="section" aria-labelledby="banned-users-title">
      <Typography id="banned-users-title" variant="subtitle2" component="h3" gutterBottom>
        Banned users
      </Typography>
      <Typography variant="body2" color="text.secondary">
        Banned and timed-out viewers still watch but cannot chat. {streamId ? '' : 'Go live to unban; it applies to all your streams.'}
      </Typography>
      {error && (
        <Alert severity="warning" role="alert" sx={{ my: 1 }} onClose={() => setError(null)}>
          {error}
        </Alert>
      )}
      {status === 'loading' && (
        <Box role="status" sx={{ display: 'flex', alignItems: 'center', gap: 1, my: 1 }}>
          <CircularProgress size={16} aria-hidden />
          <Typography variant="body2">Loading bans…</Typography>
        </Box>
      )}
      {status === 'error' && (
        <Alert
          severity="error"
          sx={{ my: 1 }}
          action={
            <Button color="inherit" size="small" onClick={reload}>
              Retry
            </Button>
          }
        >
          Could not load the bans: {loadError}
        </Alert>
      )}
      {status === 'ready' && (
        <List dense aria-label="Banned users">
          {bans.length === 0 && (
            <ListItem>
              <ListItemText secondary="Nobody is banned or timed out." />
            </ListItem>
          )}
          {bans.map((b) => (
            <ListItem
              key={b.user_id}
              secondaryAction={
                <Button
                  size="small"
                  variant="outlined"
                  aria-label={`Unban ${b.username}`}
                  onClick={() => lift(b)}
                  disabled={!streamId || pending !== null}
                >
                  {pending === b.user_id ? 'Unbanning…' : 'Unban'}
                </Button>
              }
            >
              <ListItemText primary={b.username} secondary={describe(b, byName, now)} sx={{ pr: 12 }} />
            </ListItem>
          ))}
        </List>
      )}
    </Box>
  );
}
