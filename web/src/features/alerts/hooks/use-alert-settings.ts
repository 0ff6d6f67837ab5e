// A channel's alert settings: the streamer's own ('me', Bearer) or any channel's public ones.
// `available` is false while the server has no alert settings route (404 not_found): the alert panels stay
// hidden on a server without trade alerts rather than showing a broken form.
import { useCallback, useEffect, useState } from 'react';
import { ApiError, errorMessage } from '../../../lib/api-client';
import { getChannelAlertSettings, getMyAlertSettings, putMyAlertSettings } from '../api/alert-settings';
import type { AlertSettings } from '../api/alert-types';

/** A route the server does not have answers 404 with the generic code; a real answer has its own. */
export const routeMissing = (e: unknown) => e instanceof ApiError && (e.status === 404 || e.status === 405) && ['not_found', 'route_not_found', 'http_error', 'method_not_allowed'].includes(e.code);

// Every mounted 'me' hook hears a save (the studio's settings card and its composer are two hooks).
const mineSaved = new Set<(s: AlertSettings) => void>();

export function useAlertSettings(streamerId: string | 'me' | null | undefined) {
  const [settings, setSettings] = useState<AlertSettings | null>(null);
  const [available, setAvailable] = useState<boolean | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!streamerId) return;
    const ctrl = new AbortController();
    (streamerId === 'me' ? getMyAlertSettings(ctrl.signal) : getChannelAlertSettings(streamerId, ctrl.signal))
      .then((s) => {
        setSettings(s);
        setAvailable(true);
      })
      .catch((e) => {
        if (ctrl.signal.aborted) return;
        if (routeMissing(e)) setAvailable(false);
        else {
          setAvailable(true);
          setError(errorMessage(e));
        }
      });
    return () => ctrl.abort();
  }, [streamerId]);

  useEffect(() => {
    if (streamerId !== 'me') return;
    const heard = (s: AlertSettings) => {
      setSettings(s);
      setError(null);
    };
    mineSaved.add(heard);
    return () => void mineSaved.delete(heard);
  }, [streamerId]);

  const save = useCallback(async (next: AlertSettings) => {
    const s = await putMyAlertSettings(next);
    for (const heard of mineSaved) heard(s);
    return s;
  }, []);

  return { settings, available, error, save };
}
