// The chat panel: history then live messages, auto-scroll that pauses while the reader scrolls up,
// an emoji picker loaded on demand, and every refusal (rate limit, timed out, too long, …) shown inline.
// Given `moderation` (the studio passes it only to the stream's streamer), other users' messages get
// "Delete message" and "Time out 5 minutes" actions; the server still checks who may use them. A user
// who is timed out (told by `user_timed_out`, or by a refused send) sees a countdown, input closed.
// The channel's chat mode (slow, followers-only, subscribers-only, emote-only) shows as a notice above
// the input; a banned user's input is closed; every refusal is said in words with what to do.
import { lazy, Suspense, useEffect, useLayoutEffect, useRef, useState, type FormEvent } from 'react';
import { Link as RouterLink } from 'react-router';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import IconButton from '@mui/material/IconButton';
import Paper from '@mui/material/Paper';
import Popover from '@mui/material/Popover';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import SendIcon from '@mui/icons-material/Send';
import EmojiEmotionsIcon from '@mui/icons-material/EmojiEmotionsOutlined';
import ArrowDownwardIcon from '@mui/icons-material/ArrowDownward';
import type { ChatMessage, ChatMode } from '../../../lib/types';
import { useNotify } from '../../../lib/notify';
import { useNow } from '../../../lib/use-now';
import { formatDuration } from '../../../lib/format';
import ChatMessageItem, { type ModerationActions } from './chat-message-item';

const EmojiPicker = lazy(() => import('./emoji-picker'));

export const MAX_CHAT_LENGTH = 500;
const NEAR_BOTTOM_PX = 48;

export interface ChatPanelProps {
  messages: ChatMessage[];
  onSend: (text: string, type: 'TEXT' | 'EMOJI') => Promise<void>;
  signedIn: boolean;
  status?: 'connecting' | 'joined' | 'unavailable' | 'error';
  error?: string | null;
  streamerId?: string | null;
  /** Set when writing is closed (e.g. the stream ended). */
  closedReason?: string | null;
  height?: number | string;
  title?: string;
  /** The streamer's moderation actions; absent for everyone else. */
  moderation?: {
    onDelete: (messageId: string) => Promise<void>;
    onTimeout: (userId: string) => Promise<void>;
    onBan?: (userId: string) => Promise<void>;
  } | null;
  /** The channel's chat mode in force (from joined_stream / chat_mode_changed). */
  chatMode?: ChatMode | null;
  /** The signed-in user is banned from this channel's chat. */
  banned?: boolean;
  /** The signed-in user may skip the chat mode (streamer, moderator). */
  exempt?: boolean;
  /** Epoch ms until which the signed-in user is timed out of this chat (from `user_timed_out`). */
  timedOutUntil?: number | null;
}

/** The timed-out notice, ticking each second (its own component so the list does not re-render). */
function TimeoutNotice({ until }: { until: number }) {
  const now = useNow(1000);
  return (
    <Alert severity="warning" role="status" sx={{ mb: 1 }}>
      You are timed out of this chat. You can write again in {formatDuration(Math.max(0, (until - now) / 1000))}.
    </Alert>
  );
}

function waitText(seconds: number) {
  return seconds < 60 ? `${seconds} s` : `${Math.ceil(seconds / 60)} min`;
}

/** The chat mode as one sentence, or null when chat is open to everyone signed in. */
export function chatModeText(mode: ChatMode | null | undefined): string | null {
  if (!mode) return null;
  const parts: string[] = [];
  if (mode.subscribers_only) parts.push('Subscribers-only chat');
  else if (mode.followers_only) parts.push('Followers-only chat');
  if (mode.emote_only) parts.push('Emote-only chat');
  if (mode.slow_mode_seconds > 0) parts.push(`Slow mode: one message every ${waitText(mode.slow_mode_seconds)}`);
  return parts.length ? parts.join(' · ') : null;
}

/** A refusal as a sentence the reader can act on. */
export function refusalText(err: unknown): string {
  const { code, message, retry_after, retry_after_ms } = err as { code?: string; message?: string; retry_after?: number; retry_after_ms?: number };
  if (code === 'rate_limited') return `Slow down: ${message}`;
  if (code === 'slow_mode') {
    const s = Math.max(1, Math.ceil((retry_after_ms ?? (retry_after ?? 1) * 1000) / 1000));
    return `Slow mode is on. You can send another message in ${waitText(s)}.`;
  }
  if (code === 'followers_only') return 'Only followers can chat right now. Follow the channel to join in.';
  if (code === 'subscribers_only') return 'Only subscribers can chat right now.';
  if (code === 'emote_only') return 'Only emotes are allowed right now.';
  if (code === 'blocked_term') return 'Your message was not sent: it contains a term this channel does not allow.';
  if (code === 'banned') return 'You are banned from this chat.';
  if (code === 'cannot_moderate') return message || 'You cannot moderate this user.';
  if (code === 'timed_out') {
    const wait = typeof retry_after === 'number' && retry_after > 0 ? ` You can write again in ${waitText(retry_after)}.` : '';
    return `The streamer has timed you out of this chat.${wait}`;
  }
  return message || 'Something went wrong. Try again.';
}

const ONLY_EMOJI = /^(\p{Extended_Pictographic}|\p{Emoji_Component}|\u200d|\ufe0f|\s)+$/u;

export default function ChatPanel({ messages, onSend, signedIn, status = 'joined', error, streamerId, closedReason, height = 560, title = 'Live chat', moderation, timedOutUntil, chatMode, banned = false, exempt = false }: ChatPanelProps) {
  const notify = useNotify();
  const listRef = useRef<HTMLUListElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const [text, setText] = useState('');
  const [sending, setSending] = useState(false);
  const [sendError, setSendError] = useState<string | null>(null);
  const [pinned, setPinned] = useState(true);
  const [unseen, setUnseen] = useState(0);
  const [emojiAnchor, setEmojiAnchor] = useState<HTMLElement | null>(null);
  const lastCount = useRef(messages.length);
  // A refused send with timed_out tells us too (e.g. after a reload, when the event was missed).
  const [refusedUntil, setRefusedUntil] = useState<number | null>(null);
  const [refusedBan, setRefusedBan] = useState(false);
  const isBanned = banned || refusedBan;
  useEffect(() => setRefusedBan(false), [banned]);
  const mutedUntil = Math.max(timedOutUntil ?? 0, refusedUntil ?? 0);
  const [, setExpired] = useState(0);
  useEffect(() => {
    const left = mutedUntil - Date.now();
    if (left <= 0) return;
    const t = setTimeout(() => setExpired((n) => n + 1), left + 50); // re-open the input on time
    return () => clearTimeout(t);
  }, [mutedUntil]);
  const timedOut = mutedUntil > Date.now();

  // Follow new messages only while the reader is at the bottom; otherwise count what they missed.
  useLayoutEffect(() => {
    const el = listRef.current;
    const added = messages.length - lastCount.current;
    lastCount.current = messages.length;
    if (!el) return;
    if (pinned) el.scrollTop = el.scrollHeight;
    else if (added > 0) setUnseen((n) => n + added);
  }, [messages, pinned]);

  useEffect(() => {
    if (!sendError) return;
    const t = setTimeout(() => setSendError(null), 6000);
    return () => clearTimeout(t);
  }, [sendError]);

  const onScroll = () => {
    const el = listRef.current!;
    const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight < NEAR_BOTTOM_PX;
    setPinned(atBottom);
    if (atBottom) setUnseen(0);
  };

  const jumpToLatest = () => {
    const el = listRef.current!;
    el.scrollTop = el.scrollHeight;
    setPinned(true);
    setUnseen(0);
  };

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    const msg = text.trim();
    if (!msg || sending) return;
    if (msg.length > MAX_CHAT_LENGTH) {
      setSendError(`Messages can be at most ${MAX_CHAT_LENGTH} characters.`);
      return;
    }
    setSending(true);
    setSendError(null);
    try {
      await onSend(msg, ONLY_EMOJI.test(msg) ? 'EMOJI' : 'TEXT');
      setText('');
      setPinned(true);
    } catch (err) {
      setSendError(refusalText(err));
      const { code, retry_after } = err as { code?: string; retry_after?: number };
      if (code === 'timed_out' && typeof retry_after === 'number' && retry_after > 0) setRefusedUntil(Date.now() + retry_after * 1000);
      if (code === 'banned') setRefusedBan(true);
    } finally {
      setSending(false);
      inputRef.current?.focus();
    }
  };

  // One stable object so memoised message rows do not re-render on every keystroke.
  const modRef = useRef(moderation);
  modRef.current = moderation;
  const [actions] = useState<ModerationActions>(() => ({
    remove: (m) => {
      modRef.current?.onDelete(m.message_id).catch((err) => setSendError(`Could not delete the message: ${refusalText(err)}`));
    },
    timeout: (m) => {
      if (!m.user_id) return;
      modRef.current
        ?.onTimeout(m.user_id)
        .then(() => notify(`${m.username} is timed out of the chat for 5 minutes.`, 'success'))
        .catch((err) => setSendError(`Could not time out ${m.username}: ${refusalText(err)}`));
    },
    ban: (m) => {
      if (!m.user_id) return;
      modRef.current
        ?.onBan?.(m.user_id)
        .then(() => notify(`${m.username} is banned from the chat.`, 'success'))
        .catch((err) => setSendError(`Could not ban ${m.username}: ${refusalText(err)}`));
    },
  }));

  // Without a ban handler the rows offer delete and time out only (also stable across renders).
  const [actionsNoBan] = useState<ModerationActions>(() => ({ remove: actions.remove, timeout: actions.timeout }));
  const rowActions = moderation ? (moderation.onBan ? actions : actionsNoBan) : undefined;

  const canWrite = signedIn && !closedReason && status === 'joined' && !timedOut && !isBanned;
  const modeText = closedReason ? null : chatModeText(chatMode);
  return (
    <Paper variant="outlined" sx={{ height, display: 'flex', flexDirection: 'column', minHeight: 320 }}>
      <Box sx={{ px: 2, py: 1.5, borderBottom: 1, borderColor: 'divider', display: 'flex', alignItems: 'center' }}>
        <Typography variant="subtitle1" component="h2" sx={{ fontWeight: 700, flex: 1 }}>
          {title}
        </Typography>
        <Typography variant="caption" color="text.secondary">
          {messages.length} {messages.length === 1 ? 'message' : 'messages'}
        </Typography>
      </Box>
      <Box sx={{ position: 'relative', flex: 1, minHeight: 0 }}>
        <Box
          component="ul"
          ref={listRef}
          role="log"
          aria-label="Chat messages"
          aria-live="polite"
          onScroll={onScroll}
          tabIndex={0}
          sx={{ m: 0, p: 1, height: '100%', overflowY: 'auto', overscrollBehavior: 'contain' }}
        >
          {messages.length === 0 && (
            <Typography component="li" variant="body2" color="text.secondary" sx={{ listStyle: 'none', textAlign: 'center', mt: 4 }}>
              {status === 'connecting' ? 'Connecting to chat…' : status === 'unavailable' ? 'Chat is unavailable right now.' : 'No messages yet. Say hello!'}
            </Typography>
          )}
          {messages.map((m) => (
            <ChatMessageItem key={m.message_id} message={m} streamerId={streamerId} actions={rowActions} />
          ))}
        </Box>
        {!pinned && (
          <Button
            size="small"
            variant="contained"
            startIcon={<ArrowDownwardIcon />}
            onClick={jumpToLatest}
            sx={{ position: 'absolute', bottom: 8, left: '50%', transform: 'translateX(-50%)', borderRadius: 8 }}
          >
            {unseen > 0 ? `${unseen} new ${unseen === 1 ? 'message' : 'messages'}` : 'Latest messages'}
          </Button>
        )}
      </Box>
      <Box sx={{ p: 1.5, borderTop: 1, borderColor: 'divider' }}>
        {(error || sendError) && (
          <Alert severity={sendError ? 'warning' : 'error'} sx={{ mb: 1 }} role="alert">
            {sendError ?? error}
          </Alert>
        )}
        {timedOut && signedIn && !closedReason && !isBanned && <TimeoutNotice until={mutedUntil} />}
        {isBanned && signedIn && !closedReason && (
          <Alert severity="error" role="status" sx={{ mb: 1 }}>
            You are banned from this chat. You can still watch.
          </Alert>
        )}
        {modeText && (
          <Alert severity="info" role="note" aria-label="Chat mode" sx={{ mb: 1, py: 0 }}>
            {modeText}
            {exempt ? ' (you are exempt as a moderator)' : ''}
          </Alert>
        )}
        {status === 'unavailable' && !error && (
          <Alert severity="info" sx={{ mb: 1 }}>
            Realtime chat is not reachable; retrying in the background.
          </Alert>
        )}
        {closedReason ? (
          <Typography variant="body2" color="text.secondary" sx={{ textAlign: 'center' }}>
            {closedReason}
          </Typography>
        ) : !signedIn ? (
          <Box sx={{ textAlign: 'center' }} role="note">
            <Typography variant="body2" color="text.secondary" gutterBottom>
              You are watching anonymously: chat is read-only.
            </Typography>
            <Button component={RouterLink} to="/signin" size="small" variant="outlined">
              Sign in to chat
            </Button>
          </Box>
        ) : (
          <Box component="form" onSubmit={submit} sx={{ display: 'flex', gap: 0.5, alignItems: 'flex-start' }}>
            <IconButton aria-label="Emoji" onClick={(e) => setEmojiAnchor(e.currentTarget)} disabled={!canWrite}>
              <EmojiEmotionsIcon />
            </IconButton>
            <TextField
              fullWidth
              size="small"
              placeholder={isBanned ? 'Banned' : timedOut ? 'Timed out' : chatMode?.emote_only && !exempt ? 'Emotes only' : 'Send a message'}
              value={text}
              inputRef={inputRef}
              onChange={(e) => setText(e.target.value)}
              disabled={!canWrite}
              error={text.length > MAX_CHAT_LENGTH}
              helperText={text.length > MAX_CHAT_LENGTH - 50 ? `${text.length}/${MAX_CHAT_LENGTH}` : undefined}
              slotProps={{ htmlInput: { 'aria-label': 'Chat message', maxLength: MAX_CHAT_LENGTH + 50, autoComplete: 'off' } }}
            />
            <IconButton type="submit" color="primary" aria-label="Send" disabled={!canWrite || sending || !text.trim()}>
              {sending ? <CircularProgress size={20} /> : <SendIcon />}
            </IconButton>
          </Box>
        )}
      </Box>
      <Popover
        open={!!emojiAnchor}
        anchorEl={emojiAnchor}
        onClose={() => setEmojiAnchor(null)}
        anchorOrigin={{ vertical: 'top', horizontal: 'left' }}
        transformOrigin={{ vertical: 'bottom', horizontal: 'left' }}
      >
        <Suspense fallback={<Box sx={{ p: 4 }}><CircularProgress aria-label="Loading emoji" /></Box>}>
          <EmojiPicker
            onPick={(emoji) => {
              setText((t) => t + emoji);
              setEmojiAnchor(null);
              inputRef.current?.focus();
            }}
          />
        </Suspense>
      </Popover>
    </Paper>
  );
}
