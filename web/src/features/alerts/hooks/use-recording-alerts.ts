// A recorded stream's alerts, for the VOD markers and the replay cards: the channel's list (newest first)
// read until it is older than the stream, keeping this stream's alerts.
import { useEffect, useMemo, useState } from 'react';
import type { TradeAlert } from '../api/alert-types';
import { listChannelAlerts } from '../api/list-channel-alerts';

/** Pages of 100 read at most (a channel's alerts since this stream). */
const MAX_PAGES = 10;

export function useRecordingAlerts(streamerId: string | undefined, streamId: string | undefined, startedAt: number | null) {
  const [alerts, setAlerts] = useState<TradeAlert[]>([]);
  useEffect(() => {
    if (!streamerId || !streamId) return;
    const ctrl = new AbortController();
    (async () => {
      const found: TradeAlert[] = [];
      let cursor: string | null = null;
      for (let page = 0; page < MAX_PAGES; page++) {
        const r = await listChannelAlerts(streamerId, { limit: 100, cursor }, ctrl.signal);
        found.push(...r.alerts.filter((a) => a.stream_id === streamId));
        const oldest = r.alerts[r.alerts.length - 1];
        if (!r.next_cursor || (startedAt !== null && oldest && oldest.posted_at < startedAt)) break;
        cursor = r.next_cursor;
      }
      if (!ctrl.signal.aborted) setAlerts(found.sort((a, b) => a.posted_at - b.posted_at));
    })().catch(() => {}); // no alert routes, or a failed read: the recording plays without markers
    return () => ctrl.abort();
  }, [streamerId, streamId, startedAt]);
  const byId = useMemo(() => new Map(alerts.map((a) => [a.alert_id, a])), [alerts]);
  return { alerts, byId };
}
