// Shapes of the server's JSON (docs/api.md). Times are epoch milliseconds; money is integer cents.
export type StreamStatus = 'LIVE' | 'ENDED' | 'SCHEDULED';

export interface Stream {
  stream_id: string;
  streamer_id: string;
  streamer_username: string;
  title: string;
  description: string | null;
  category: string;
  thumbnail_url: string | null;
  status: StreamStatus;
  viewer_count: number;
  peak_viewers: number;
  started_at: number | null;
  ended_at: number | null;
  duration_seconds: number | null;
  is_recording: boolean;
  recording_url: string | null;
  /** Issue 12: the server recording's way to the blob store (null: none). */
  recording_state?: 'pending' | 'stored' | 'failed' | null;
  created_at: number;
  /** Issue 5: waiting (no publisher yet), live, reconnecting, offline (ended). */
  media_state?: 'waiting' | 'live' | 'reconnecting' | 'offline' | string;
}

/** A channel's chat mode (joined_stream, chat_mode_changed, GET /channels/:id/chat-settings). */
export interface ChatMode {
  slow_mode_seconds: number;
  followers_only: boolean;
  subscribers_only: boolean;
  emote_only: boolean;
}
export const NO_CHAT_MODE: ChatMode = { slow_mode_seconds: 0, followers_only: false, subscribers_only: false, emote_only: false };

export type Badge = 'streamer' | 'moderator' | 'subscriber' | 'BASIC' | 'PREMIUM' | string;

export interface ChatMessage {
  message_id: string;
  stream_id: string;
  user_id: string | null;
  username: string;
  message: string;
  message_type: 'TEXT' | 'EMOJI' | 'TIP' | 'SYSTEM' | 'ALERT' | string;
  created_at: number;
  badges?: Badge[];
  badge?: Badge | null;
  amount_cents?: number;
  /** TIP messages (issue 4): the tip's amount. */
  tip_amount_cents?: number;
  /** ALERT messages (issue 13): the trade alert this line announces ("LONG AAPL @ 189.5 stop 185 → 195"). */
  alert_id?: string;
}
