// Follow (the free tier) and Subscribe with a tier picker showing the streamer's monthly prices.
import { useEffect, useState } from 'react';
import Button from '@mui/material/Button';
import Divider from '@mui/material/Divider';
import ListItemText from '@mui/material/ListItemText';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import FavoriteBorderIcon from '@mui/icons-material/FavoriteBorder';
import FavoriteIcon from '@mui/icons-material/Favorite';
import StarIcon from '@mui/icons-material/Star';
import { errorMessage } from '../../../lib/api-client';
import { formatCount, formatMoney } from '../../../lib/format';
import { useNotify } from '../../../lib/notify';
import { getChannel, type ChannelInfo } from '../api/get-channel';
import { getMySubscription } from '../api/get-my-subscription';
import { subscribe, type Subscription, type Tier } from '../api/subscribe';
import { unsubscribe } from '../api/unsubscribe';

// `onChange` runs after a follow, subscription or cancel went through (the watch page re-joins the chat so
// followers-only and subscribers-only modes see the new tier).
export default function SubscribeButtons({ streamerId, signedIn, isOwner, onChange }: { streamerId: string; signedIn: boolean; isOwner: boolean; onChange?: () => void }) {
  const notify = useNotify();
  const [info, setInfo] = useState<ChannelInfo | null>(null);
  const [sub, setSub] = useState<Subscription | null>(null);
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const ctrl = new AbortController();
    getChannel(streamerId, ctrl.signal).then(setInfo).catch(() => {});
    if (signedIn && !isOwner) getMySubscription(streamerId, ctrl.signal).then(setSub).catch(() => {});
    return () => ctrl.abort();
  }, [streamerId, signedIn, isOwner]);

  const active = sub && sub.status !== 'EXPIRED' ? sub : null;
  const currency = info?.currency ?? 'USD';

  const choose = async (t: Tier) => {
    setAnchor(null);
    if (!signedIn) return notify('Sign in to follow or subscribe.', 'info');
    setBusy(true);
    try {
      const r = await subscribe(streamerId, t);
      onChange?.();
      setSub(r.subscription);
      notify(
        t === 'FREE' ? 'Following' : `Subscribed: ${t.toLowerCase()}${r.charged_cents ? ` (${formatMoney(r.charged_cents, currency)} charged)` : ''}`,
        'success',
      );
    } catch (e) {
      notify(errorMessage(e), 'error');
    } finally {
      setBusy(false);
    }
  };

  const cancel = async () => {
    setAnchor(null);
    setBusy(true);
    try {
      const r = await unsubscribe(streamerId);
      onChange?.();
      setSub(r.subscription);
      notify(r.subscription ? 'Subscription cancelled; access continues until it expires.' : 'Unfollowed', 'info');
    } catch (e) {
      notify(errorMessage(e), 'error');
    } finally {
      setBusy(false);
    }
  };

  if (isOwner) return null;
  const paid = active && active.tier !== 'FREE';
  return (
    <Stack direction="row" spacing={1}>
      <Button
        variant={active ? 'contained' : 'outlined'}
        startIcon={active ? <FavoriteIcon /> : <FavoriteBorderIcon />}
        onClick={() => (active?.tier === 'FREE' ? cancel() : choose('FREE'))}
        disabled={busy || !!paid}
        aria-pressed={!!active}
      >
        {active ? 'Following' : 'Follow'}
        {info?.subscribers?.total ? ` · ${formatCount(info.subscribers.total)}` : ''}
      </Button>
      <Button variant="outlined" color="secondary" startIcon={<StarIcon />} onClick={(e) => setAnchor(e.currentTarget)} aria-haspopup="menu" disabled={busy}>
        {paid ? `${active!.tier === 'PREMIUM' ? 'Premium' : 'Basic'}${active!.status === 'CANCELLED' ? ' (cancelled)' : ''}` : 'Subscribe'}
      </Button>
      <Menu anchorEl={anchor} open={!!anchor} onClose={() => setAnchor(null)}>
        {(['BASIC', 'PREMIUM'] as Tier[]).map((t) => {
          const p = info?.prices?.[t];
          return (
            <MenuItem key={t} onClick={() => choose(t)} selected={active?.tier === t} disabled={info !== null && (p === null || p === undefined)}>
              <ListItemText
                primary={t === 'BASIC' ? 'Basic' : 'Premium'}
                secondary={p ? `${formatMoney(p, currency)} / month` : info ? 'not offered by this streamer' : 'monthly, from your wallet'}
              />
            </MenuItem>
          );
        })}
        {paid && active!.status !== 'CANCELLED' && <Divider />}
        {paid && active!.status !== 'CANCELLED' && <MenuItem onClick={cancel}>Cancel subscription</MenuItem>}
      </Menu>
    </Stack>
  );
}
