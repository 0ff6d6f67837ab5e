// Subscribes a directory page to the live feed on the shared /streaming socket while mounted:
// watch_directory on every (re)connect, events handed to `onEvent`, `connected` so the page polls
// only while the socket is down, and `resyncKey`, which changes when the feed comes back after a drop
// (events may have been missed: reload once).
import { useEffect, useRef, useState } from 'react';
import { getSocket, listen } from '../../../lib/socket';
import type { Stream } from '../../../lib/types';
import { unwatchDirectory, watchDirectory, type DirectoryEvent, type DirectoryUpdate } from '../api/directory-events';

export function useDirectoryFeed(onEvent: (ev: DirectoryEvent) => void): { connected: boolean; resyncKey: number } {
  const [connected, setConnected] = useState(false);
  const [resyncKey, setResyncKey] = useState(0);
  const everUp = useRef(false);
  const onEventRef = useRef(onEvent);
  onEventRef.current = onEvent;

  useEffect(() => {
    const socket = getSocket('/streaming');
    const watch = () => {
      watchDirectory(socket)
        .then(() => {
          if (everUp.current) setResyncKey((k) => k + 1);
          everUp.current = true;
          setConnected(true);
        })
        .catch(() => setConnected(false));
    };
    const onDisconnect = () => setConnected(false);
    const onStarted = (stream: Stream) => stream?.stream_id && onEventRef.current({ kind: 'started', stream });
    const onEnded = (d: { stream_id?: string }) => d?.stream_id && onEventRef.current({ kind: 'ended', stream_id: d.stream_id });
    const onUpdate = (d: { updates?: DirectoryUpdate[] }) => Array.isArray(d?.updates) && onEventRef.current({ kind: 'update', updates: d.updates });
    const unlisten = listen(socket, [
      ['connect', watch],
      ['disconnect', onDisconnect],
      ['connect_error', onDisconnect],
      ['stream_started', onStarted],
      ['stream_ended', onEnded],
      ['directory_update', onUpdate],
    ]);
    if (socket.connected) watch();
    else socket.connect();
    return () => {
      if (socket.connected) unwatchDirectory(socket);
      unlisten();
    };
  }, []);
  return { connected, resyncKey };
}
