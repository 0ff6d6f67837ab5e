// The channel page's data: who /c/:name is, their track record and public alert settings, and their alert
// history a page at a time (newest first, filtered by symbol and status).
import { useCallback, useEffect, useState } from 'react';
import { ApiError, errorMessage } from '../../../lib/api-client';
import type { AlertStatus, TradeAlert } from '../api/alert-types';
import { findChannel, type ChannelRef } from '../api/find-channel';
import { getTrackRecord, type TrackRecord } from '../api/get-track-record';
import { listChannelAlerts } from '../api/list-channel-alerts';
import { routeMissing } from './use-alert-settings';

const PAGE = 25;

export function useChannel(nameOrId: string) {
  const [channel, setChannel] = useState<ChannelRef | null>(null);
  const [state, setState] = useState<'loading' | 'found' | 'missing' | 'error'>('loading');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const ctrl = new AbortController();
    setState('loading');
    findChannel(nameOrId, ctrl.signal)
      .then((c) => {
        setChannel(c);
        setState(c ? 'found' : 'missing');
      })
      .catch((e) => {
        if (ctrl.signal.aborted) return;
        setError(errorMessage(e));
        setState('error');
      });
    return () => ctrl.abort();
  }, [nameOrId]);
  return { channel, state, error };
}

export function useTrackRecord(streamerId: string | undefined) {
  const [record, setRecord] = useState<TrackRecord | null>(null);
  const [available, setAvailable] = useState<boolean | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!streamerId) return;
    const ctrl = new AbortController();
    getTrackRecord(streamerId, ctrl.signal)
      .then((r) => {
        setRecord(r);
        setAvailable(true);
      })
      .catch((e) => {
        if (ctrl.signal.aborted) return;
        setAvailable(!routeMissing(e));
        if (!routeMissing(e)) setError(errorMessage(e));
      });
    return () => ctrl.abort();
  }, [streamerId]);
  return { record, available, error };
}

export interface HistoryFilter {
  symbol?: string;
  status?: AlertStatus;
}

export function useAlertHistory(streamerId: string | undefined, filter: HistoryFilter) {
  const [alerts, setAlerts] = useState<TradeAlert[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { symbol, status } = filter;

  const load = useCallback(
    async (from: string | null, signal?: AbortSignal) => {
      if (!streamerId) return;
      setBusy(true);
      try {
        const r = await listChannelAlerts(streamerId, { symbol: symbol || undefined, status, limit: PAGE, cursor: from }, signal);
        setAlerts((prev) => (from ? [...prev, ...r.alerts] : r.alerts));
        setCursor(r.next_cursor);
        setDone(!r.next_cursor);
        setError(null);
      } catch (e) {
        if (signal?.aborted) return;
        setError(e instanceof ApiError && e.status === 400 ? e.message : errorMessage(e));
      } finally {
        setBusy(false);
      }
    },
    [streamerId, symbol, status],
  );

  useEffect(() => {
    const ctrl = new AbortController();
    setAlerts([]);
    setDone(false);
    void load(null, ctrl.signal);
    return () => ctrl.abort();
  }, [load]);

  const more = useCallback(() => !done && !busy && load(cursor), [done, busy, load, cursor]);
  return { alerts, more, done, busy, error };
}
