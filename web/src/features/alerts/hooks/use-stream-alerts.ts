// A stream's alerts for the watch page and the studio: what the channel's REST list has for this stream
// (as released to the caller's tier), then `alert` / `alert_updated` as they arrive. With an HLS clock an
// alert and each update wait until playback reaches them (lib/alert-timing). `available` is false on a
// server without the alert routes, so nothing is shown there.
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { PlaybackClock } from '../../../components/video-player/playback-clock';
import { LIVE_CLOCK } from '../../../components/video-player/playback-clock';
import { listenForAlerts } from '../api/alert-events';
import type { AlertUpdate, TradeAlert } from '../api/alert-types';
import { listChannelAlerts } from '../api/list-channel-alerts';
import { reached } from '../lib/alert-timing';
import { routeMissing } from './use-alert-settings';

/** How often a held alert is checked against an HLS playing date. */
const HOLD_TICK_MS = 250;
/** The REST page read on join (newest first): more than a stream ever has open. */
const FIRST_PAGE = 100;

interface Held {
  alert: TradeAlert;
  /** Server epoch ms at which this version may show (posted_at, or when the update came). */
  at: number;
}

const updateTime = (u: AlertUpdate | null) => {
  const t = (u as { at?: number; created_at?: number; posted_at?: number } | null) ?? null;
  return t?.at ?? t?.created_at ?? t?.posted_at ?? Date.now();
};

export function useStreamAlerts(streamerId: string | undefined, streamId: string | undefined, clock: PlaybackClock = LIVE_CLOCK) {
  // Every version received, per alert, oldest first; what shows is the newest version playback reached.
  const [versions, setVersions] = useState<Map<string, Held[]>>(new Map());
  const [available, setAvailable] = useState<boolean | null>(null);
  const [tick, setTick] = useState(0);

  useEffect(() => {
    if (!streamerId || !streamId) return;
    const ctrl = new AbortController();
    const add = (alert: TradeAlert, at: number) =>
      alert.stream_id === streamId &&
      setVersions((prev) => {
        const next = new Map(prev);
        const list = next.get(alert.alert_id) ?? [];
        next.set(alert.alert_id, [...list, { alert, at }]);
        return next;
      });
    const unlisten = listenForAlerts({
      onAlert: (a) => add(a, a.posted_at),
      onUpdated: (a, u) => add(a, updateTime(u)),
    });
    listChannelAlerts(streamerId, { limit: FIRST_PAGE }, ctrl.signal)
      .then((r) => {
        setAvailable(true);
        // From history: already in the past for everyone, shown at once.
        setVersions((prev) => {
          const next = new Map(prev);
          for (const a of r.alerts) if (a.stream_id === streamId && !next.has(a.alert_id)) next.set(a.alert_id, [{ alert: a, at: 0 }]);
          return next;
        });
      })
      .catch((e) => !ctrl.signal.aborted && setAvailable(!routeMissing(e)));
    return () => {
      ctrl.abort();
      unlisten();
      setVersions(new Map());
    };
  }, [streamerId, streamId]);

  const holding = clock.mode === 'hls' && [...versions.values()].some((l) => !reached(clock, l[l.length - 1].at));
  useEffect(() => {
    if (!holding) return;
    const t = setInterval(() => setTick((n) => n + 1), HOLD_TICK_MS);
    return () => clearInterval(t);
  }, [holding]);

  const alerts = useMemo(() => {
    void tick; // re-read the clock on every tick
    const out: TradeAlert[] = [];
    for (const list of versions.values()) {
      const shown = [...list].reverse().find((h) => reached(clock, h.at));
      if (shown) out.push(shown.alert);
    }
    return out.sort((a, b) => a.posted_at - b.posted_at);
  }, [versions, clock, tick]);

  const open = useMemo(() => alerts.filter((a) => a.status === 'open' || a.status === 'active'), [alerts]);
  // An alert from an ack (the streamer's own post or update): newest, shown at once.
  const put = useCallback(
    (alert: TradeAlert) =>
      setVersions((prev) => {
        const next = new Map(prev);
        next.set(alert.alert_id, [...(next.get(alert.alert_id) ?? []), { alert, at: 0 }]);
        return next;
      }),
    [],
  );
  return { alerts, open, available: available === true || versions.size > 0, put };
}
