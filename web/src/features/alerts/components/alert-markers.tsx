// The trade alerts on a recording's timeline: one marker per alert at its media_time_ms, coloured by
// side; a click seeks the video there.
import Box from '@mui/material/Box';
import ButtonBase from '@mui/material/ButtonBase';
import Tooltip from '@mui/material/Tooltip';
import type { TradeAlert } from '../api/alert-types';
import { alertLine } from '../lib/alert-text';

export interface AlertMarkersProps {
  alerts: TradeAlert[];
  durationMs: number | null;
  onSeek: (ms: number) => void;
}

export default function AlertMarkers({ alerts, durationMs, onSeek }: AlertMarkersProps) {
  const placed = alerts.filter((a) => a.media_time_ms !== null && a.media_time_ms >= 0);
  if (!placed.length || !durationMs) return null;
  return (
    <Box role="group" aria-label="Alert markers" sx={{ position: 'relative', height: 22, mt: 0.5, mx: 1, borderRadius: 1, bgcolor: 'action.hover' }}>
      {placed.map((a) => {
        const at = Math.min(1, a.media_time_ms! / durationMs);
        const label = `${alertLine(a)} at ${Math.floor(a.media_time_ms! / 60000)}:${String(Math.floor(a.media_time_ms! / 1000) % 60).padStart(2, '0')}`;
        return (
          <Tooltip key={a.alert_id} title={label}>
            <ButtonBase
              aria-label={`Seek to ${label}`}
              onClick={() => onSeek(a.media_time_ms!)}
              // The position is per marker: inline, not one generated class each.
              style={{ left: `calc(${at * 100}% - 6px)` }}
              sx={{
                position: 'absolute',
                top: 3,
                width: 12,
                height: 16,
                borderRadius: 0.5,
                bgcolor: a.side === 'long' ? 'success.main' : 'error.main',
                '&:focus-visible': { outline: 2, outlineColor: 'primary.main' },
              }}
            />
          </Tooltip>
        );
      })}
    </Box>
  );
}
