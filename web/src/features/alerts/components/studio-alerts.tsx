// The studio's alert column beside the chat: the composer and the stream's open alerts with their
// one-click updates. Nothing shows on a server without trade alerts.
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useAlertSettings } from '../hooks/use-alert-settings';
import { useStreamAlerts } from '../hooks/use-stream-alerts';
import AlertActions from './alert-actions';
import AlertCard from './alert-card';
import AlertComposer from './alert-composer';

export default function StudioAlerts({ streamerId, streamId }: { streamerId: string; streamId: string }) {
  const { settings, available } = useAlertSettings('me');
  const stream = useStreamAlerts(streamerId, streamId);
  if (!available) return null;
  return (
    <Stack spacing={1.5}>
      <AlertComposer streamId={streamId} needsDisclaimer={!!settings && !settings.disclaimer} onPosted={stream.put} />
      {stream.open.length > 0 && (
        <Stack spacing={1} component="section" aria-label="Your open alerts">
          <Typography variant="subtitle2" component="h2">
            Open alerts
          </Typography>
          {[...stream.open].reverse().map((a) => (
            <AlertCard key={a.alert_id} alert={a} dense actions={<AlertActions alert={a} onUpdated={stream.put} />} />
          ))}
        </Stack>
      )}
    </Stack>
  );
}
