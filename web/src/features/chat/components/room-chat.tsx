// The chat panel fed by a stream's room (lib/room): its messages, sending, the chat mode, the user's
// timeout and ban, and the moderation actions for the streamer and the channel's moderators (the server
// still checks who may use them). Used by the watch page and the studio.
import type { StreamRoom } from '../../../lib/room/use-stream-room';
import ChatPanel from './chat-panel';

export interface RoomChatProps {
  room: StreamRoom;
  streamerId: string;
  signedIn: boolean;
  /** Set when writing is closed (e.g. the stream ended). */
  closedReason?: string | null;
  title?: string;
  /** Offer delete / time out / ban; defaults to the user's role in the room. */
  moderate?: boolean;
  /** Skip the chat mode; defaults to the user's role in the room. */
  exempt?: boolean;
}

export default function RoomChat({ room, streamerId, signedIn, closedReason, title, moderate, exempt }: RoomChatProps) {
  const privileged = room.role !== 'viewer';
  return (
    <ChatPanel
      messages={room.messages}
      onSend={room.send}
      signedIn={signedIn}
      status={room.status}
      error={room.error}
      streamerId={streamerId}
      title={title}
      closedReason={closedReason}
      timedOutUntil={room.timedOutUntil}
      chatMode={room.chatMode}
      banned={room.banned}
      exempt={exempt ?? privileged}
      moderation={(moderate ?? privileged) ? { onDelete: room.deleteMessage, onTimeout: room.timeoutUser, onBan: room.banUser } : null}
    />
  );
}
