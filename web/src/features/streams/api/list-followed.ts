import { apiRequest } from '../../../lib/api-client';

/** Channels the signed-in user follows or subscribes to (issue 4's GET /api/v1/subscriptions). */
export function listFollowed(signal?: AbortSignal) {
  return apiRequest<{ subscriptions: { streamer_id: string; streamer_username?: string; status?: string }[] }>('/api/v1/subscriptions', { signal }).then((r) =>
    r.subscriptions.filter((s) => s.status !== 'EXPIRED').map((s) => s.streamer_id),
  );
}
