// One chat line. Text is rendered as React text (escaped), never as HTML. With `actions` (the streamer's
// view), lines from other users carry "Delete message" and "Time out 5 minutes" buttons.
import { memo } from 'react';
import Avatar from '@mui/material/Avatar';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import IconButton from '@mui/material/IconButton';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { alpha } from '@mui/material/styles';
import PaidIcon from '@mui/icons-material/Paid';
import CampaignIcon from '@mui/icons-material/Campaign';
import DeleteIcon from '@mui/icons-material/DeleteOutlined';
import BlockIcon from '@mui/icons-material/Block';
import TimerOffIcon from '@mui/icons-material/TimerOff';
import { formatClock, formatMoney } from '../../../lib/format';
import type { ChatMessage } from '../../../lib/types';

const BADGE_LABEL: Record<string, { label: string; color: 'error' | 'secondary' | 'primary' | 'warning' | 'default' }> = {
  streamer: { label: 'Streamer', color: 'error' },
  moderator: { label: 'Mod', color: 'secondary' },
  premium: { label: 'Premium', color: 'warning' },
  basic: { label: 'Sub', color: 'primary' },
  subscriber: { label: 'Sub', color: 'primary' },
};

export function messageBadges(m: ChatMessage, streamerId?: string | null): string[] {
  const raw = [...(m.badges ?? []), ...(m.badge ? [m.badge] : [])].map((b) => String(b).toLowerCase());
  if (streamerId && m.user_id === streamerId && !raw.includes('streamer')) raw.unshift('streamer');
  return [...new Set(raw)].filter((b) => b !== 'free');
}

export interface ModerationActions {
  remove: (m: ChatMessage) => void;
  timeout: (m: ChatMessage) => void;
  /** Present for the streamer and moderators when banning is wired. */
  ban?: (m: ChatMessage) => void;
}

function ChatMessageItem({ message, streamerId, actions }: { message: ChatMessage; streamerId?: string | null; actions?: ModerationActions }) {
  const tip = message.message_type === 'TIP';
  const system = message.message_type === 'SYSTEM';
  // A trade alert's line (issue 13): its short text, marked so it stands out from the talk around it.
  const alert = message.message_type === 'ALERT';
  const badges = messageBadges(message, streamerId);
  const tipCents = message.tip_amount_cents ?? message.amount_cents;
  // The streamer's own lines and system lines have no one to moderate.
  const moderatable = !!actions && !system && !!message.user_id && message.user_id !== streamerId;
  return (
    <Box
      component="li"
      data-type={message.message_type}
      sx={(t) => ({
        listStyle: 'none',
        display: 'flex',
        gap: 1,
        px: 1.5,
        py: 0.75,
        borderRadius: 1.5,
        ...(tip && { bgcolor: alpha(t.palette.success.main, 0.16), border: `1px solid ${alpha(t.palette.success.main, 0.5)}`, my: 0.5 }),
        ...(alert && { bgcolor: alpha(t.palette.warning.main, 0.12), border: `1px solid ${alpha(t.palette.warning.main, 0.55)}`, my: 0.5 }),
      })}
    >
      <Avatar sx={{ width: 28, height: 28, fontSize: 14, bgcolor: tip ? 'success.main' : 'primary.dark' }} aria-hidden>
        {(message.username || '?')[0].toUpperCase()}
      </Avatar>
      <Box sx={{ minWidth: 0, flex: 1 }}>
        <Box sx={{ display: 'flex', alignItems: 'center', gap: 0.5, flexWrap: 'wrap' }}>
          <Typography variant="caption" color={system ? 'text.secondary' : 'primary'} sx={{ fontWeight: 700 }}>
            {message.username}
          </Typography>
          {badges.map((b) => {
            const info = BADGE_LABEL[b] ?? { label: b, color: 'default' as const };
            return <Chip key={b} label={info.label} color={info.color} size="small" sx={{ height: 18, fontSize: 11 }} />;
          })}
          {alert && <Chip icon={<CampaignIcon />} label="ALERT" color="warning" size="small" sx={{ height: 18, fontSize: 11 }} />}
          {tip && (
            <Chip
              icon={<PaidIcon />}
              label={tipCents ? `TIP ${formatMoney(tipCents)}` : 'TIP'}
              color="success"
              size="small"
              sx={{ height: 18, fontSize: 11 }}
            />
          )}
          <Typography variant="caption" color="text.secondary" sx={{ ml: 'auto' }}>
            {formatClock(message.created_at)}
          </Typography>
          {moderatable && (
            <>
              <Tooltip title="Delete message">
                <IconButton size="small" aria-label="Delete message" onClick={() => actions.remove(message)} sx={{ p: 0.25 }}>
                  <DeleteIcon fontSize="inherit" />
                </IconButton>
              </Tooltip>
              <Tooltip title="Time out 5 minutes">
                <IconButton size="small" aria-label="Time out 5 minutes" onClick={() => actions.timeout(message)} sx={{ p: 0.25 }}>
                  <TimerOffIcon fontSize="inherit" />
                </IconButton>
              </Tooltip>
              {actions.ban && (
                <Tooltip title="Ban user">
                  <IconButton size="small" aria-label={`Ban ${message.username}`} onClick={() => actions.ban?.(message)} sx={{ p: 0.25 }}>
                    <BlockIcon fontSize="inherit" />
                  </IconButton>
                </Tooltip>
              )}
            </>
          )}
        </Box>
        <Typography variant="body2" color={system ? 'text.secondary' : undefined} sx={{ overflowWrap: 'anywhere', whiteSpace: 'pre-wrap', fontStyle: system ? 'italic' : undefined, fontWeight: alert ? 700 : undefined, fontVariantNumeric: alert ? 'tabular-nums' : undefined, fontSize: message.message_type === 'EMOJI' ? 22 : undefined }}>
          {message.message}
        </Typography>
      </Box>
    </Box>
  );
}

export default memo(ChatMessageItem);
