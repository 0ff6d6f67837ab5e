// The channel's chat mode as stored (REST, public); changed live with the set_chat_mode socket event.
import { apiRequest } from '../../../lib/api-client';
import type { ChatMode } from '../../../lib/types';

export type ChatModeSettings = ChatMode;

export function getChatSettings(streamerId: string, signal?: AbortSignal) {
  return apiRequest<{ chat_mode: ChatModeSettings }>(`/api/v1/channels/${encodeURIComponent(streamerId)}/chat-settings`, { signal }).then(
    (r) => r.chat_mode,
  );
}
