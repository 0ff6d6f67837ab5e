// Home: live streams whose counts, LIVE/ENDED and media state arrive over the /streaming socket (the
// directory feed; a slow poll only while the socket is down), category filter, search, recent VODs.
import { useEffect, useMemo, useRef, useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Grid from '@mui/material/Grid';
import InputAdornment from '@mui/material/InputAdornment';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import SearchIcon from '@mui/icons-material/Search';
import LiveTvIcon from '@mui/icons-material/LiveTv';
import EmptyState from '../../../components/empty-state';
import Loading from '../../../components/loading';
import { errorMessage } from '../../../lib/api-client';
import { useNow } from '../../../lib/use-now';
import type { Stream } from '../../../lib/types';
import { listFollowed } from '../api/list-followed';
import { listStreams } from '../api/list-streams';
import type { DirectoryEvent } from '../api/directory-events';
import { useDirectoryFeed } from '../hooks/use-directory-feed';
import { applyDirectoryEvent } from '../lib/apply-directory-event';
import { useSession } from '../../../lib/session';
import StreamCard from './stream-card';

export const CATEGORIES = ['all', 'trading', 'crypto', 'stocks', 'forex', 'options', 'futures', 'education'];
const REFRESH_MS = 15_000; // fallback poll, only while the realtime socket is down

// Loads a list; again whenever `reloadKey` changes, and every REFRESH_MS while `poll`.
function useStreams(status: 'LIVE' | 'ENDED' | 'SCHEDULED', category: string, q: string, limit: number, poll = false, reloadKey = 0) {
  const [streams, setStreams] = useState<Stream[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const ctrl = new AbortController();
    const load = () =>
      listStreams({ status, category: category === 'all' ? undefined : category, q: q || undefined, limit }, ctrl.signal)
        .then((r) => {
          setStreams(r.streams);
          setError(null);
        })
        .catch((e) => !ctrl.signal.aborted && setError(errorMessage(e)));
    const debounce = setTimeout(load, q ? 250 : 0);
    return () => {
      ctrl.abort();
      clearTimeout(debounce);
    };
  }, [status, category, q, limit, reloadKey, tick]);
  useEffect(() => {
    if (!poll) return;
    const t = setInterval(() => setTick((n) => n + 1), REFRESH_MS);
    return () => clearInterval(t);
  }, [poll]);
  return { streams, setStreams, error };
}

function useFollowed(signedIn: boolean) {
  const [ids, setIds] = useState<Set<string>>(new Set());
  useEffect(() => {
    if (!signedIn) return setIds(new Set());
    const ctrl = new AbortController();
    listFollowed(ctrl.signal)
      .then((l) => setIds(new Set(l)))
      .catch(() => {}); // no subscriptions API on this server: no "following" row
    return () => ctrl.abort();
  }, [signedIn]);
  return ids;
}

function StreamGrid({ streams, now }: { streams: Stream[]; now: number }) {
  return (
    <Grid container spacing={2}>
      {streams.map((s) => (
        <Grid key={s.stream_id} size={{ xs: 12, sm: 6, md: 4, lg: 3 }}>
          <StreamCard stream={s} now={now} />
        </Grid>
      ))}
    </Grid>
  );
}

export default function DirectoryView() {
  const { user } = useSession();
  const followed = useFollowed(!!user);
  const [category, setCategory] = useState('all');
  const [q, setQ] = useState('');
  const now = useNow(1000);
  const [vodKey, setVodKey] = useState(0);
  const applyRef = useRef<(ev: DirectoryEvent) => void>(() => {});
  const feed = useDirectoryFeed((ev) => applyRef.current(ev));
  // Coming back after a drop reloads the list once (events may have been missed); the feed does the rest.
  const live = useStreams('LIVE', category, q.trim(), 48, !feed.connected, feed.resyncKey);
  const vods = useStreams('ENDED', category, q.trim(), 12, false, vodKey);
  applyRef.current = (ev) => {
    live.setStreams((list) => (list ? applyDirectoryEvent(list, ev, { category, q }) : list));
    if (ev.kind === 'ended') setVodKey((k) => k + 1); // it moves to recent broadcasts
  };
  const scheduled = useStreams('SCHEDULED', category, q.trim(), 8);
  const following = useMemo(() => (live.streams ?? []).filter((s) => followed.has(s.streamer_id)), [live.streams, followed]);
  const sortedLive = useMemo(() => (live.streams ? [...live.streams].sort((a, b) => b.viewer_count - a.viewer_count) : null), [live.streams]);

  return (
    <Stack spacing={3}>
      <Stack direction={{ xs: 'column', md: 'row' }} spacing={2} sx={{ alignItems: { md: 'center' } }}>
        <Typography variant="h5" component="h1" sx={{ flexGrow: 1 }}>
          Live now
        </Typography>
        <TextField
          type="search"
          label="Search streams"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          slotProps={{ htmlInput: { maxLength: 100 }, input: { startAdornment: <InputAdornment position="start"><SearchIcon /></InputAdornment> } }}
          sx={{ minWidth: { md: 320 } }}
        />
      </Stack>
      <Box role="group" aria-label="Category" sx={{ display: 'flex', gap: 1, flexWrap: 'wrap' }}>
        {CATEGORIES.map((c) => (
          <Chip
            key={c}
            label={c === 'all' ? 'All' : c[0].toUpperCase() + c.slice(1)}
            color={category === c ? 'primary' : 'default'}
            variant={category === c ? 'filled' : 'outlined'}
            onClick={() => setCategory(c)}
            aria-pressed={category === c}
          />
        ))}
      </Box>
      {following.length > 0 && (
        <section aria-label="Following">
          <Typography variant="h6" component="h2" sx={{ mb: 2 }}>
            Following, live now
          </Typography>
          <StreamGrid streams={following} now={now} />
        </section>
      )}
      <section aria-label="Live streams">
        {live.error && <Alert severity="error">{live.error}</Alert>}
        {!sortedLive && !live.error && <Loading label="Loading live streams" />}
        {sortedLive && sortedLive.length === 0 && (
          <EmptyState icon={<LiveTvIcon />} title="Nobody is live right now">
            {q || category !== 'all' ? 'Try another search or category.' : 'Be the first: open the Studio and go live.'}
          </EmptyState>
        )}
        {sortedLive && sortedLive.length > 0 && <StreamGrid streams={sortedLive} now={now} />}
      </section>
      {scheduled.streams && scheduled.streams.length > 0 && (
        <section aria-label="Scheduled">
          <Typography variant="h6" component="h2" sx={{ mb: 2 }}>
            Scheduled
          </Typography>
          <StreamGrid streams={scheduled.streams} now={now} />
        </section>
      )}
      <section aria-label="Recent broadcasts">
        <Typography variant="h6" component="h2" sx={{ mb: 2 }}>
          Recent broadcasts
        </Typography>
        {vods.error && <Alert severity="error">{vods.error}</Alert>}
        {!vods.streams && !vods.error && <Loading label="Loading recent broadcasts" />}
        {vods.streams && vods.streams.length === 0 && <Typography color="text.secondary">No past broadcasts yet.</Typography>}
        {vods.streams && vods.streams.length > 0 && <StreamGrid streams={vods.streams} now={now} />}
        {q && (
          <Button sx={{ mt: 2 }} onClick={() => setQ('')}>
            Clear search
          </Button>
        )}
      </section>
    </Stack>
  );
}
