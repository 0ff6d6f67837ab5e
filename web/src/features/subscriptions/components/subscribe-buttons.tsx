// Follow (free tier) and Subscribe with a tier picker showing the streamer's monthly prices.
import { useEffect, useState } from 'react';
import Button from '@mui/material/Button';
import ListItemText from '@mui/material/ListItemText';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import FavoriteBorderIcon from '@mui/icons-material/FavoriteBorder';
import FavoriteIcon from '@mui/icons-material/Favorite';
import StarIcon from '@mui/icons-material/Star';
import { errorMessage } from '../../../lib/api-client';
import { formatMoney } from '../../../lib/format';
import { useNotify } from '../../../lib/notify';
import { getChannel, type ChannelInfo } from '../api/get-channel';
import { subscribe, type Tier } from '../api/subscribe';

function priceOf(info: ChannelInfo | null, tier: Tier): number | null {
  const fromList = info?.tiers?.find((t) => t.tier === tier)?.price_cents;
  return fromList ?? info?.prices?.[tier] ?? null;
}

export default function SubscribeButtons({ streamerId, signedIn, isOwner }: { streamerId: string; signedIn: boolean; isOwner: boolean }) {
  const notify = useNotify();
  const [info, setInfo] = useState<ChannelInfo | null>(null);
  const [tier, setTier] = useState<Tier | null>(null);
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);

  useEffect(() => {
    const ctrl = new AbortController();
    getChannel(streamerId, ctrl.signal)
      .then((c) => {
        setInfo(c);
        setTier(c.my_subscription?.tier ?? null);
      })
      .catch(() => {});
    return () => ctrl.abort();
  }, [streamerId]);

  const choose = async (t: Tier) => {
    setAnchor(null);
    if (!signedIn) return notify('Sign in to follow or subscribe.', 'info');
    try {
      await subscribe(streamerId, t);
      setTier(t);
      notify(t === 'FREE' ? 'Following' : `Subscribed (${t.toLowerCase()})`, 'success');
    } catch (e) {
      notify(errorMessage(e), 'error');
    }
  };

  if (isOwner) return null;
  return (
    <Stack direction="row" spacing={1}>
      <Button variant={tier ? 'contained' : 'outlined'} startIcon={tier ? <FavoriteIcon /> : <FavoriteBorderIcon />} onClick={() => choose('FREE')} disabled={!!tier}>
        {tier ? 'Following' : 'Follow'}
      </Button>
      <Button variant="outlined" color="secondary" startIcon={<StarIcon />} onClick={(e) => setAnchor(e.currentTarget)} aria-haspopup="menu">
        {tier && tier !== 'FREE' ? `Subscribed · ${tier.toLowerCase()}` : 'Subscribe'}
      </Button>
      <Menu anchorEl={anchor} open={!!anchor} onClose={() => setAnchor(null)}>
        {(['BASIC', 'PREMIUM'] as Tier[]).map((t) => {
          const p = priceOf(info, t);
          return (
            <MenuItem key={t} onClick={() => choose(t)} selected={tier === t}>
              <ListItemText primary={t === 'BASIC' ? 'Basic' : 'Premium'} secondary={p !== null ? `${formatMoney(p)} / month` : 'monthly, charged from your wallet'} />
            </MenuItem>
          );
        })}
      </Menu>
    </Stack>
  );
}
