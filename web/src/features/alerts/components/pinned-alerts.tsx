// The watch page's open alerts, pinned above the chat, live from `alert` / `alert_updated`; an HLS viewer
// gets each one when their playback reaches it. A delayed tier reads how much later it sees them.
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { Link as RouterLink } from 'react-router';
import type { PlaybackClock } from '../../../components/video-player/playback-clock';
import { useAlertSettings } from '../hooks/use-alert-settings';
import { useStreamAlerts } from '../hooks/use-stream-alerts';
import { useViewerTier } from '../hooks/use-viewer-tier';
import { releaseDelayText } from '../lib/release-delay';
import AlertCard from './alert-card';

export interface PinnedAlertsProps {
  streamerId: string;
  streamerName: string;
  streamId: string;
  clock: PlaybackClock;
  signedIn: boolean;
  isOwner: boolean;
}

/** Cards pinned at once; older open alerts stay in the channel's history. */
const MAX_PINNED = 3;

export default function PinnedAlerts({ streamerId, streamerName, streamId, clock, signedIn, isOwner }: PinnedAlertsProps) {
  const { open, alerts, available } = useStreamAlerts(streamerId, streamId, clock);
  const { settings } = useAlertSettings(streamerId);
  const tier = useViewerTier(streamerId, signedIn, isOwner);
  if (!available) return null;
  const channelNotice = releaseDelayText(settings?.release_delays, tier, 'alerts');
  // Open alerts first; the latest closed one stays a while so its result is seen.
  const lastClosed = [...alerts].reverse().find((a) => a.status === 'closed');
  const shown = [...open].reverse().slice(0, MAX_PINNED);
  if (lastClosed && shown.length < MAX_PINNED) shown.push(lastClosed);
  return (
    <Stack spacing={1} component="section" aria-label="Trade alerts" sx={{ mb: 1.5 }}>
      <Stack direction="row" sx={{ alignItems: 'center' }}>
        <Typography variant="subtitle2" component="h2" sx={{ flex: 1 }}>
          Trade alerts {open.length > 0 && `· ${open.length} open`}
        </Typography>
        <Button size="small" component={RouterLink} to={`/c/${encodeURIComponent(streamerName)}`}>
          Track record
        </Button>
      </Stack>
      {channelNotice && shown.length === 0 && (
        <Typography variant="caption" color="warning.main" role="note">
          {channelNotice}
        </Typography>
      )}
      {shown.map((a) => (
        <AlertCard key={a.alert_id} alert={a} dense delayNotice={a.status === 'closed' ? null : releaseDelayText(a.release_delays ?? settings?.release_delays, tier)} />
      ))}
    </Stack>
  );
}
