// The /streaming namespace's events (issue 3), as typed wrappers over the shared socket.
import type { Socket } from 'socket.io-client';
import { emitWithAck } from '../socket';
import type { ChatMessage, Stream } from '../types';

export interface JoinedStream {
  stream?: Stream;
  viewer_count?: number;
  recent_messages?: ChatMessage[];
}

export function joinStream(socket: Socket, streamId: string) {
  return emitWithAck<JoinedStream>(socket, 'join_stream', { stream_id: streamId });
}

export function leaveStream(socket: Socket, streamId: string) {
  socket.emit('leave_stream', { stream_id: streamId });
}

export function sendMessage(socket: Socket, streamId: string, message: string, messageType: 'TEXT' | 'EMOJI' = 'TEXT') {
  return emitWithAck<{ message_id?: string }>(socket, 'send_message', { stream_id: streamId, message, message_type: messageType });
}

export function sendReaction(socket: Socket, streamId: string, emoji: string) {
  return emitWithAck(socket, 'send_reaction', { stream_id: streamId, emoji });
}
