// A stream's room on the shared /streaming socket, for every page that is in it (the watch page, the
// studio): joins it and keeps its live state: chat messages (history on join, then new ones, minus those a
// moderator deleted), viewer count, reactions, tips, the chat mode, the user's role and ban, and the end of
// the stream. Re-joins on reconnect. Also offers the streamer's moderation actions (delete, time out), and
// shows timeouts as system lines; `timedOutUntil` is set when the signed-in user is the one timed out.
import { useCallback, useEffect, useRef, useState } from 'react';
import { getSocket, listen } from '../socket';
import { useSession } from '../session';
import { NO_CHAT_MODE, type ChatMessage, type ChatMode } from '../types';
import { joinStream, leaveStream, sendMessage, sendReaction } from './room-events';
import { banUser, deleteMessage, setChatMode, timeoutUser } from './moderation-events';

export type ChatRole = 'streamer' | 'moderator' | 'viewer';
export type RoomStatus = 'connecting' | 'joined' | 'unavailable' | 'error';

export interface FloatingReaction {
  id: number;
  emoji: string;
}

export interface TipEvent {
  tip_id?: string;
  username?: string;
  amount_cents: number;
  message?: string | null;
}

const MAX_MESSAGES = 500;
let reactionSeq = 0;

/** "5 minutes", "30 seconds", "2 hours": how long a timeout lasts, as said in chat. */
export function timeoutLength(ms: number): string {
  const s = Math.max(1, Math.round(ms / 1000));
  const [n, unit] = s < 60 ? [s, 'second'] : s < 5400 ? [Math.round(s / 60), 'minute'] : s < 129_600 ? [Math.round(s / 3600), 'hour'] : [Math.round(s / 86_400), 'day'];
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

function normalizeReactions(data: unknown): string[] {
  // Accept {emoji}, {emoji,count} or {reactions:[{emoji,count}]} (the server aggregates per window).
  const d = data as { emoji?: string; count?: number; reactions?: { emoji: string; count?: number }[] };
  const list = d?.reactions ?? (d?.emoji ? [{ emoji: d.emoji, count: d.count }] : []);
  const out: string[] = [];
  for (const r of list) for (let i = 0; i < Math.min(r.count ?? 1, 8); i++) out.push(r.emoji);
  return out;
}

export function useStreamRoom(streamId: string | undefined, handlers: { onTip?: (t: TipEvent) => void; onEnded?: () => void } = {}) {
  const [status, setStatus] = useState<RoomStatus>('connecting');
  const [error, setError] = useState<string | null>(null);
  const [messages, setMessages] = useState<ChatMessage[]>([]);
  const [viewerCount, setViewerCount] = useState<number | null>(null);
  const [ended, setEnded] = useState(false);
  const [reactions, setReactions] = useState<FloatingReaction[]>([]);
  const [timedOutUntil, setTimedOutUntil] = useState<number | null>(null);
  // Channel moderation: the chat mode in force, what the signed-in user may do here, and a ban on them.
  const [chatMode, setMode] = useState<ChatMode>(NO_CHAT_MODE);
  const [role, setRole] = useState<ChatRole>('viewer');
  const [banned, setBanned] = useState(false);
  const [joinSeq, setJoinSeq] = useState(0);
  const handlersRef = useRef(handlers);
  handlersRef.current = handlers;
  const { user } = useSession();
  const myIdRef = useRef(user?.id);
  myIdRef.current = user?.id;

  const addMessages = useCallback((incoming: ChatMessage[], replace = false) => {
    setMessages((prev) => {
      const base = replace ? [] : prev;
      const seen = new Set(base.map((m) => m.message_id));
      const merged = [...base, ...incoming.filter((m) => m && !seen.has(m.message_id))];
      merged.sort((a, b) => a.created_at - b.created_at);
      return merged.slice(-MAX_MESSAGES);
    });
  }, []);

  useEffect(() => {
    if (!streamId) return;
    const socket = getSocket('/streaming');
    const join = () => {
      setStatus('connecting');
      joinStream(socket, streamId)
        .then((ack) => {
          setStatus('joined');
          setError(null);
          if (ack.recent_messages) addMessages(ack.recent_messages, true);
          if (typeof ack.viewer_count === 'number') setViewerCount(ack.viewer_count);
          if (ack.stream?.status === 'ENDED') setEnded(true);
        })
        .catch((e) => {
          setStatus('error');
          setError(e.message);
        });
    };
    const mine = (d: { stream_id?: string }) => !d?.stream_id || d.stream_id === streamId;
    const onJoined = (d: {
      stream?: { stream_id: string; status?: string };
      viewer_count?: number;
      recent_messages?: ChatMessage[];
      chat_mode?: ChatMode;
      you?: { role?: ChatRole; banned?: boolean; timed_out_until?: number };
    }) => {
      if (d?.stream && d.stream.stream_id !== streamId) return;
      setStatus('joined');
      if (d.chat_mode) setMode(d.chat_mode);
      if (d.you) {
        setRole(d.you.role ?? 'viewer');
        setBanned(!!d.you.banned);
        if (typeof d.you.timed_out_until === 'number') setTimedOutUntil(d.you.timed_out_until);
      }
      if (d.recent_messages) addMessages(d.recent_messages, true);
      if (typeof d.viewer_count === 'number') setViewerCount(d.viewer_count);
    };
    const onMessage = (m: ChatMessage) => mine(m) && addMessages([m]);
    const onCount = (d: { stream_id?: string; viewer_count?: number }) => mine(d) && typeof d.viewer_count === 'number' && setViewerCount(d.viewer_count);
    const onReaction = (d: { stream_id?: string }) => {
      if (!mine(d)) return;
      const add = normalizeReactions(d).map((emoji) => ({ id: ++reactionSeq, emoji }));
      if (!add.length) return;
      setReactions((r) => [...r, ...add].slice(-40));
      const ids = new Set(add.map((a) => a.id));
      setTimeout(() => setReactions((r) => r.filter((x) => !ids.has(x.id))), 3000);
    };
    // Everyone in the room drops a deleted message, including anyone who already rendered it.
    const onDeleted = (d: { stream_id?: string; message_id?: string }) =>
      mine(d) && d.message_id && setMessages((prev) => prev.filter((m) => m.message_id !== d.message_id));
    // A timeout as a system line for everyone; the user it names also gets their input closed until then.
    const onTimedOut = (d: { stream_id?: string; user_id?: string; until?: number }) => {
      if (!mine(d) || !d.user_id || typeof d.until !== 'number') return;
      const { user_id, until } = d;
      const me = user_id === myIdRef.current;
      const length = timeoutLength(until - Date.now());
      setMessages((prev) => {
        const name = me ? 'You' : ([...prev].reverse().find((m) => m.user_id === user_id && m.message_type !== 'SYSTEM')?.username ?? 'A viewer');
        const line: ChatMessage = {
          message_id: `timeout:${user_id}:${until}`,
          stream_id: streamId,
          user_id: '',
          username: 'Chat',
          message: `${name} ${me ? 'were' : 'was'} timed out for ${length}.`,
          message_type: 'SYSTEM',
          created_at: Date.now(),
        };
        return prev.some((m) => m.message_id === line.message_id) ? prev : [...prev, line].slice(-MAX_MESSAGES);
      });
      if (me) setTimedOutUntil(until);
    };
    const onModeChanged = (d: { stream_id?: string; chat_mode?: ChatMode }) => mine(d) && d.chat_mode && setMode(d.chat_mode);
    const onBanned = (d: { stream_id?: string; user_id?: string }) => {
      if (!mine(d) || !d.user_id) return;
      if (d.user_id === myIdRef.current) setBanned(true);
      // Their lines stay (a moderator deletes what must go); the room hears who was banned.
      setMessages((prev) => {
        const name = [...prev].reverse().find((m) => m.user_id === d.user_id && m.message_type !== 'SYSTEM')?.username ?? 'A viewer';
        const line: ChatMessage = {
          message_id: `ban:${d.user_id}:${Date.now()}`,
          stream_id: streamId,
          user_id: '',
          username: 'Chat',
          message: d.user_id === myIdRef.current ? 'You were banned from this chat.' : `${name} was banned from the chat.`,
          message_type: 'SYSTEM',
          created_at: Date.now(),
        };
        return [...prev, line].slice(-MAX_MESSAGES);
      });
    };
    const onUnbanned = (d: { stream_id?: string; user_id?: string }) => {
      if (!mine(d) || d.user_id !== myIdRef.current) return;
      setBanned(false);
      setTimedOutUntil(null);
    };
    const onTip = (d: TipEvent & { stream_id?: string }) => mine(d) && handlersRef.current.onTip?.(d);
    const onEnded = (d: { stream_id?: string }) => {
      if (!mine(d)) return;
      setEnded(true);
      handlersRef.current.onEnded?.();
    };
    const onError = (d: { message?: string; error?: { message?: string } }) => setError(d?.error?.message ?? d?.message ?? 'Chat error');
    const onConnectError = () => setStatus((s) => (s === 'joined' ? s : 'unavailable'));

    const unlisten = listen(socket, [
      ['connect', join],
      ['connect_error', onConnectError],
      ['joined_stream', onJoined],
      ['chat_message', onMessage],
      ['viewer_joined', onCount],
      ['viewer_left', onCount],
      ['viewer_count', onCount],
      ['reaction', onReaction],
      ['message_deleted', onDeleted],
      ['user_timed_out', onTimedOut],
      ['chat_mode_changed', onModeChanged],
      ['user_banned', onBanned],
      ['user_unbanned', onUnbanned],
      ['tip_received', onTip],
      ['stream_ended', onEnded],
      ['error', onError],
    ]);
    if (socket.connected) join();
    else socket.connect();
    return () => {
      if (socket.connected) leaveStream(socket, streamId);
      unlisten();
      setMessages([]);
      setViewerCount(null);
      setEnded(false);
      setTimedOutUntil(null);
      setMode(NO_CHAT_MODE);
      setRole('viewer');
      setBanned(false);
    };
  }, [streamId, addMessages, joinSeq]);

  const send = useCallback(
    async (text: string, type: 'TEXT' | 'EMOJI' = 'TEXT') => {
      if (!streamId) return;
      await sendMessage(getSocket('/streaming'), streamId, text, type);
    },
    [streamId],
  );
  const react = useCallback(
    async (emoji: string) => {
      if (!streamId) return;
      await sendReaction(getSocket('/streaming'), streamId, emoji);
    },
    [streamId],
  );

  // The server checks the caller is the stream's streamer; refusals reject with {code, message}.
  const remove = useCallback(
    async (messageId: string) => {
      if (!streamId) return;
      await deleteMessage(getSocket('/streaming'), streamId, messageId);
    },
    [streamId],
  );
  const timeout = useCallback(
    async (userId: string, seconds?: number) => {
      if (!streamId) return;
      await timeoutUser(getSocket('/streaming'), streamId, userId, seconds);
    },
    [streamId],
  );

  const ban = useCallback(
    async (userId: string) => {
      if (!streamId) return;
      await banUser(getSocket('/streaming'), streamId, userId);
    },
    [streamId],
  );
  const changeMode = useCallback(
    async (change: Partial<ChatMode>) => {
      if (!streamId) return;
      const r = await setChatMode(getSocket('/streaming'), streamId, change);
      if (r?.chat_mode) setMode(r.chat_mode);
    },
    [streamId],
  );
  // Join again: the server reads the subscriber tier on join (after following, in followers-only mode).
  const rejoin = useCallback(() => setJoinSeq((n) => n + 1), []);

  return {
    status, error, messages, viewerCount, ended, reactions, timedOutUntil, send, react,
    deleteMessage: remove, timeoutUser: timeout, banUser: ban, chatMode, setChatMode: changeMode, role, banned, rejoin,
  };
}

/** What a page in the room gets: its state and its actions. */
export type StreamRoom = ReturnType<typeof useStreamRoom>;
