// A channel's bans and timeouts in force: listed over REST (owner and moderators), lifted with the
// `unban_user` socket event so the room hears of it (`user_unbanned`). Bans are made from the chat menu.
import type { Socket } from 'socket.io-client';
import { apiRequest } from '../../../lib/api-client';
import { emitWithAck } from '../../../lib/socket';

export interface Ban {
  user_id: string;
  username: string;
  /** Epoch ms when a timeout ends; null for a ban (until lifted). */
  until: number | null;
  /** The user id of the streamer or moderator who banned. */
  created_by: string;
  created_at: number;
}

export function listBans(streamerId: string, signal?: AbortSignal) {
  return apiRequest<{ bans: Ban[] }>(`/api/v1/channels/${encodeURIComponent(streamerId)}/bans`, { signal }).then((r) => r.bans);
}

export function unbanUser(socket: Socket, streamId: string, userId: string) {
  return emitWithAck<{ user_id: string }>(socket, 'unban_user', { stream_id: streamId, user_id: userId });
}
