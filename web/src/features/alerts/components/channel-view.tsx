// The channel page /c/:username: the streamer's track record (figures, equity curve, per symbol and per
// timeframe), their disclaimer and release delays, the "verify" button and the alert history. The chart
// is loaded on its own.
import { lazy, Suspense, type ReactNode } from 'react';
import type { SxProps, Theme } from '@mui/material/styles';
import Alert from '@mui/material/Alert';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Grid from '@mui/material/Grid';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import EmptyState from '../../../components/empty-state';
import Loading from '../../../components/loading';
import { useAlertSettings } from '../hooks/use-alert-settings';
import { useChannel, useTrackRecord } from '../hooks/use-channel-record';
import { useViewerTier } from '../hooks/use-viewer-tier';
import { delaysSummary, releaseDelayText } from '../lib/release-delay';
import { curvePoints, groupRows } from '../lib/track-record-rows';
import AlertHistory from './alert-history';
import { GroupTable, TrackRecordStats } from './track-record-stats';
import VerifyChainButton from './verify-chain-button';

const EquityChart = lazy(() => import('./equity-chart'));

function TitledCard({ title, children, sx }: { title: string; children: ReactNode; sx?: SxProps<Theme> }) {
  return (
    <Card sx={sx}>
      <CardContent>
        <Typography variant="h6" component="h2">
          {title}
        </Typography>
        {children}
      </CardContent>
    </Card>
  );
}

export interface ChannelViewProps {
  /** The /c/ segment: a username (or a user id). */
  name: string;
  /** The signed-in user id, null when signed out. */
  userId: string | null;
  /** Follow / subscribe buttons for this streamer (another feature's, handed in by the route). */
  actions?: (streamerId: string) => ReactNode;
}

export default function ChannelView({ name, userId, actions }: ChannelViewProps) {
  const { channel, state, error } = useChannel(name);
  const streamerId = channel?.streamer_id;
  const record = useTrackRecord(streamerId);
  const { settings, available: settingsLoaded } = useAlertSettings(streamerId);
  const tier = useViewerTier(streamerId, !!userId, userId === streamerId);

  if (state === 'loading') return <Loading label="Loading channel" />;
  if (state === 'error') return <Alert severity="error">{error}</Alert>;
  if (!channel) return <EmptyState title="Channel not found">No streamer called {name} has streamed here.</EmptyState>;
  const displayName = channel.username ?? name;
  if (record.available === false) return <EmptyState title={displayName}>Trade alerts are not available on this server yet.</EmptyState>;
  const notice = releaseDelayText(settings?.release_delays, tier, 'alerts');
  const bySymbol = groupRows(record.record?.by_symbol, 'symbol');
  const byTimeframe = groupRows(record.record?.by_timeframe, 'timeframe');

  return (
    <Stack spacing={2}>
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1} sx={{ alignItems: { sm: 'center' } }}>
        <Typography variant="h4" component="h1" sx={{ flex: 1 }}>
          {displayName}
          <Typography component="span" variant="h6" color="text.secondary" sx={{ ml: 1 }}>
            track record
          </Typography>
        </Typography>
        {actions?.(channel.streamer_id)}
      </Stack>
      <Card component="section" aria-label="Disclosures">
        <CardContent>
          {settings?.disclaimer ? (
            <Typography variant="body2" sx={{ whiteSpace: 'pre-wrap' }}>
              {settings.disclaimer}
            </Typography>
          ) : settingsLoaded ? (
            <Typography variant="body2" color="text.secondary">
              This streamer has not posted a disclaimer yet.
            </Typography>
          ) : null}
          {settings?.release_delays && (
            <Typography variant="caption" color="text.secondary" component="p" sx={{ mt: 1, mb: 0 }}>
              Alerts are released {delaysSummary(settings.release_delays)}.
            </Typography>
          )}
          {notice && (
            <Typography variant="body2" color="warning.main" role="note" sx={{ mt: 1 }}>
              {notice}
            </Typography>
          )}
        </CardContent>
      </Card>
      {record.error && <Alert severity="error">{record.error}</Alert>}
      {!record.record && !record.error && <Loading label="Loading track record" />}
      {record.record && (
        <>
          <TrackRecordStats record={record.record} />
          <Grid container spacing={2}>
            <Grid size={{ xs: 12, md: 7 }}>
              <TitledCard title="Equity curve">
                <Suspense fallback={<Loading label="Loading chart" />}>
                  <EquityChart points={curvePoints(record.record.equity_curve)} />
                </Suspense>
              </TitledCard>
            </Grid>
            <Grid size={{ xs: 12, md: 5 }}>
              {bySymbol.length > 0 && (
                <TitledCard title="By symbol">
                  <GroupTable rows={bySymbol} label="Symbol" />
                </TitledCard>
              )}
              {byTimeframe.length > 0 && (
                <TitledCard title="By timeframe" sx={{ mt: bySymbol.length ? 2 : 0 }}>
                  <GroupTable rows={byTimeframe} label="Timeframe" />
                </TitledCard>
              )}
            </Grid>
          </Grid>
        </>
      )}
      <Card component="section" aria-label="Verify">
        <CardContent>
          <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
            Every alert and update is appended to a hash chain that cannot be edited. Your browser can check all of it.
          </Typography>
          <VerifyChainButton streamerId={channel.streamer_id} />
        </CardContent>
      </Card>
      <AlertHistory streamerId={channel.streamer_id} delays={settings?.release_delays} tier={tier} />
    </Stack>
  );
}
