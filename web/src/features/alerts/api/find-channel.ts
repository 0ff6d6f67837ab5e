// The streamer behind a /c/:username link. There is no user lookup by name in the API, so the name is
// looked up in the directory (which matches streamer names, any status): a channel with a track record
// has streamed. A user id in the link is taken as it is.
import { apiRequest } from '../../../lib/api-client';
import type { Stream } from '../../../lib/types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Directory pages read before giving up on a name that many titles also contain. */
const MAX_PAGES = 5;

export interface ChannelRef {
  streamer_id: string;
  username: string | null;
}

export async function findChannel(nameOrId: string, signal?: AbortSignal): Promise<ChannelRef | null> {
  if (UUID.test(nameOrId)) return { streamer_id: nameOrId, username: null };
  const want = nameOrId.toLowerCase();
  let cursor: string | null = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    const p = new URLSearchParams({ q: nameOrId.slice(0, 100), limit: '100' });
    if (cursor) p.set('cursor', cursor);
    const r: { streams: Stream[]; next_cursor: string | null } = await apiRequest(`/api/v1/streaming?${p}`, { signal });
    const hit = r.streams.find((s) => s.streamer_username.toLowerCase() === want);
    if (hit) return { streamer_id: hit.streamer_id, username: hit.streamer_username };
    if (!r.next_cursor) return null;
    cursor = r.next_cursor;
  }
  return null;
}
