// The live directory feed on /streaming (docs/realtime.md "Directory feed"): watch_directory joins it,
// unwatch_directory leaves; the server then sends stream_started, directory_update and stream_ended.
import type { Socket } from 'socket.io-client';
import { emitWithAck } from '../../../lib/socket';
import type { Stream } from '../../../lib/types';

export interface DirectoryUpdate {
  stream_id: string;
  viewer_count: number;
  status: 'LIVE' | 'ENDED' | string;
  media_state: string;
}

export type DirectoryEvent =
  | { kind: 'started'; stream: Stream }
  | { kind: 'ended'; stream_id: string }
  | { kind: 'update'; updates: DirectoryUpdate[] };

export const watchDirectory = (socket: Socket) => emitWithAck(socket, 'watch_directory', {});
export const unwatchDirectory = (socket: Socket) => {
  socket.emit('unwatch_directory', {});
};
