// The streamer's moderation events on /streaming: delete one message, time a user out of the chat.
import type { Socket } from 'socket.io-client';
import { emitWithAck } from '../../../lib/socket';

/** The server accepts 1..604800 s; the studio offers five minutes. */
export const TIMEOUT_SECONDS = 300;

export function deleteMessage(socket: Socket, streamId: string, messageId: string) {
  return emitWithAck<{ message_id: string }>(socket, 'delete_message', { stream_id: streamId, message_id: messageId });
}

export function timeoutUser(socket: Socket, streamId: string, userId: string, seconds = TIMEOUT_SECONDS) {
  return emitWithAck<{ user_id: string; until: number }>(socket, 'timeout_user', { stream_id: streamId, user_id: userId, seconds });
}
