// Moderation events on /streaming (the streamer and the channel's moderators): delete one message, time
// a user out, ban and unban, set the chat mode. The server checks who may; refusals reject with {code}.
import type { Socket } from 'socket.io-client';
import { emitWithAck } from '../socket';
import type { ChatMode } from '../types';

/** The server accepts 1..604800 s; the chat menu offers five minutes. */
export const TIMEOUT_SECONDS = 300;


export function deleteMessage(socket: Socket, streamId: string, messageId: string) {
  return emitWithAck<{ message_id: string }>(socket, 'delete_message', { stream_id: streamId, message_id: messageId });
}

export function timeoutUser(socket: Socket, streamId: string, userId: string, seconds = TIMEOUT_SECONDS) {
  return emitWithAck<{ user_id: string; until: number }>(socket, 'timeout_user', { stream_id: streamId, user_id: userId, seconds });
}

export function banUser(socket: Socket, streamId: string, userId: string) {
  return emitWithAck<{ user_id: string }>(socket, 'ban_user', { stream_id: streamId, user_id: userId });
}

export function setChatMode(socket: Socket, streamId: string, change: Partial<ChatMode>) {
  return emitWithAck<{ chat_mode: ChatMode }>(socket, 'set_chat_mode', { stream_id: streamId, ...change });
}
