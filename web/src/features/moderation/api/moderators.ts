// A channel's appointed moderators (REST): the list is public; the owner adds (by username) and removes.
import { apiRequest } from '../../../lib/api-client';

export interface Moderator {
  user_id: string;
  username: string;
  created_at: number;
}

const base = (streamerId: string) => `/api/v1/channels/${encodeURIComponent(streamerId)}/moderators`;

export function listModerators(streamerId: string, signal?: AbortSignal) {
  return apiRequest<{ moderators: Moderator[] }>(base(streamerId), { signal }).then((r) => r.moderators);
}

export function addModerator(streamerId: string, username: string) {
  return apiRequest<{ moderator: Moderator }>(`${base(streamerId)}/${encodeURIComponent(username)}`, { method: 'PUT' }).then((r) => r.moderator);
}

export function removeModerator(streamerId: string, userId: string) {
  return apiRequest<{ removed: boolean }>(`${base(streamerId)}/${encodeURIComponent(userId)}`, { method: 'DELETE' });
}
