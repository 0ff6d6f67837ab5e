// Applies a directory feed event to the live list the page shows (pure, for tests and the hook).
import type { Stream } from '../../../lib/types';
import type { DirectoryEvent } from '../api/directory-events';

export interface DirectoryFilter {
  category?: string;
  q?: string;
}

/** Whether a new stream belongs in a list loaded with these filters (the server's search, approximately). */
export function matchesFilter(s: Stream, f: DirectoryFilter): boolean {
  if (f.category && f.category !== 'all' && s.category !== f.category) return false;
  const q = f.q?.trim().toLowerCase();
  if (q && !s.title.toLowerCase().includes(q) && !s.streamer_username.toLowerCase().includes(q)) return false;
  return true;
}

export function applyDirectoryEvent(list: Stream[], ev: DirectoryEvent, filter: DirectoryFilter, max = 48): Stream[] {
  switch (ev.kind) {
    case 'started':
      if (list.some((s) => s.stream_id === ev.stream.stream_id) || !matchesFilter(ev.stream, filter)) return list;
      return [ev.stream, ...list].slice(0, max);
    case 'ended':
      return list.some((s) => s.stream_id === ev.stream_id) ? list.filter((s) => s.stream_id !== ev.stream_id) : list;
    case 'update': {
      const byId = new Map(ev.updates.map((u) => [u.stream_id, u]));
      let changed = false;
      const next: Stream[] = [];
      for (const s of list) {
        const u = byId.get(s.stream_id);
        if (!u) {
          next.push(s);
          continue;
        }
        changed = true;
        if (u.status !== 'LIVE') continue; // ended: off the live list
        next.push({ ...s, viewer_count: u.viewer_count, media_state: u.media_state, status: 'LIVE' });
      }
      return changed ? next : list;
    }
  }
}
