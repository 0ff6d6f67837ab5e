// Chat replayed alongside a recording: shows the messages sent up to the playback position. An ALERT line
// can be drawn as its trade alert's card (`renderAlert`, handed in by the page: another feature's card).
import { useEffect, useMemo, useRef, type ReactNode } from 'react';
import Box from '@mui/material/Box';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import type { ChatMessage } from '../../../lib/types';
import ChatMessageItem from './chat-message-item';

export function visibleAt(messages: ChatMessage[], startedAt: number, positionSeconds: number): ChatMessage[] {
  const cutoff = startedAt + positionSeconds * 1000;
  let lo = 0;
  let hi = messages.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (messages[mid].created_at <= cutoff) lo = mid + 1;
    else hi = mid;
  }
  return messages.slice(0, lo);
}

export interface ChatReplayProps {
  messages: ChatMessage[];
  startedAt: number;
  position: number;
  streamerId?: string;
  height?: number | string;
  /** The card for an ALERT line's alert; null or absent falls back to the plain line. */
  renderAlert?: (alertId: string, message: ChatMessage) => ReactNode;
}

export default function ChatReplay({ messages, startedAt, position, streamerId, height = 560, renderAlert }: ChatReplayProps) {
  const shown = useMemo(() => visibleAt(messages, startedAt, position), [messages, startedAt, position]);
  const listRef = useRef<HTMLUListElement>(null);
  useEffect(() => {
    const el = listRef.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [shown.length]);
  return (
    <Paper variant="outlined" sx={{ height, display: 'flex', flexDirection: 'column', minHeight: 320 }}>
      <Box sx={{ px: 2, py: 1.5, borderBottom: 1, borderColor: 'divider', display: 'flex' }}>
        <Typography variant="subtitle1" component="h2" sx={{ fontWeight: 700, flex: 1 }}>
          Chat replay
        </Typography>
        <Typography variant="caption" color="text.secondary">
          {shown.length} / {messages.length}
        </Typography>
      </Box>
      <Box component="ul" ref={listRef} role="log" aria-label="Chat replay" sx={{ m: 0, p: 1, flex: 1, overflowY: 'auto' }}>
        {shown.length === 0 && (
          <Typography component="li" variant="body2" color="text.secondary" sx={{ listStyle: 'none', textAlign: 'center', mt: 4 }}>
            {messages.length ? 'Messages appear as the recording plays.' : 'No chat was recorded for this stream.'}
          </Typography>
        )}
        {shown.map((m) => {
          const card = m.message_type === 'ALERT' && m.alert_id ? renderAlert?.(m.alert_id, m) : null;
          return card ? (
            <Box component="li" key={m.message_id} data-type="ALERT" sx={{ listStyle: 'none', my: 0.5 }}>
              {card}
            </Box>
          ) : (
            <ChatMessageItem key={m.message_id} message={m} streamerId={streamerId} />
          );
        })}
      </Box>
    </Paper>
  );
}
