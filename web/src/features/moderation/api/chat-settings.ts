// The channel's chat mode as stored (REST, public); changed live with the set_chat_mode socket event.
import { apiRequest } from '../../../lib/api-client';

export interface ChatModeSettings {
  slow_mode_seconds: number;
  followers_only: boolean;
  subscribers_only: boolean;
  emote_only: boolean;
}

export function getChatSettings(streamerId: string, signal?: AbortSignal) {
  return apiRequest<{ chat_mode: ChatModeSettings }>(`/api/v1/channels/${encodeURIComponent(streamerId)}/chat-settings`, { signal }).then(
    (r) => r.chat_mode,
  );
}
