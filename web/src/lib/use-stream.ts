// One stream's row for the page that shows it: loaded on mount and whenever `streamId` changes, and, with
// `refreshMs`, refreshed now and then (media_state: waiting → live → reconnecting; the thumbnail). A
// failed first load is kept with its HTTP status so the page can tell "not found" from "broken".
import { useEffect, useState } from 'react';
import { ApiError, errorMessage } from './api-client';
import { getStream } from './get-stream';
import type { Stream } from './types';

export interface StreamLoad {
  stream: Stream | null;
  error: { status: number; message: string } | null;
}

export function useStream(streamId: string | undefined, refreshMs?: number): StreamLoad {
  const [load, setLoad] = useState<StreamLoad & { id?: string }>({ stream: null, error: null });

  useEffect(() => {
    if (!streamId) return;
    const ctrl = new AbortController();
    getStream(streamId, ctrl.signal)
      .then((r) => setLoad({ id: streamId, stream: r.stream, error: null }))
      .catch((e) => !ctrl.signal.aborted && setLoad({ id: streamId, stream: null, error: { status: e instanceof ApiError ? e.status : 0, message: errorMessage(e) } }));
    const t = refreshMs
      ? setInterval(() => getStream(streamId, ctrl.signal).then((r) => setLoad({ id: streamId, stream: r.stream, error: null })).catch(() => {}), refreshMs)
      : undefined;
    return () => {
      ctrl.abort();
      clearInterval(t);
    };
  }, [streamId, refreshMs]);

  // What was loaded for another stream id is not shown while the new one loads.
  return load.id === streamId ? load : { stream: null, error: null };
}
