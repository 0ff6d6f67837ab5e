// The channel's bans and timeouts for the studio: loaded over REST, then kept current from the live room
// (the studio's chat has joined `streamId` on the shared /streaming socket): a ban or timeout reloads the
// list (the broadcast carries no username or author), an unban drops the row. Unbanning needs the live
// room too, since `unban_user` names a stream; without one the list is read-only.
import { useCallback, useEffect, useState } from 'react';
import { getSocket } from '../../../lib/socket';
import { errorMessage } from '../../../lib/api-client';
import { listBans, unbanUser, type Ban } from '../api/bans';

export type BansStatus = 'loading' | 'ready' | 'error';

export function useChannelBans(streamerId: string, streamId?: string | null) {
  const [bans, setBans] = useState<Ban[]>([]);
  const [status, setStatus] = useState<BansStatus>('loading');
  const [loadError, setLoadError] = useState<string | null>(null);
  const [seq, setSeq] = useState(0);
  const reload = useCallback(() => setSeq((n) => n + 1), []);

  useEffect(() => {
    const ctrl = new AbortController();
    listBans(streamerId, ctrl.signal)
      .then((list) => {
        setBans(list);
        setStatus('ready');
        setLoadError(null);
      })
      .catch((e) => {
        if (ctrl.signal.aborted) return;
        setStatus('error');
        setLoadError(errorMessage(e));
      });
    return () => ctrl.abort();
  }, [streamerId, seq]);

  useEffect(() => {
    if (!streamId) return;
    const socket = getSocket('/streaming');
    const mine = (d: { stream_id?: string }) => !d?.stream_id || d.stream_id === streamId;
    const onBanned = (d: { stream_id?: string }) => mine(d) && reload();
    const onUnbanned = (d: { stream_id?: string; user_id?: string }) => mine(d) && d.user_id && setBans((list) => list.filter((b) => b.user_id !== d.user_id));
    socket.on('user_banned', onBanned);
    socket.on('user_timed_out', onBanned);
    socket.on('user_unbanned', onUnbanned);
    return () => {
      socket.off('user_banned', onBanned);
      socket.off('user_timed_out', onBanned);
      socket.off('user_unbanned', onUnbanned);
    };
  }, [streamId, reload]);

  /** Rejects with the server's refusal; on success the row goes at once (the broadcast may follow). */
  const unban = useCallback(
    async (userId: string) => {
      if (!streamId) throw new Error('Go live to unban: unbanning goes through the live chat.');
      const r = await unbanUser(getSocket('/streaming'), streamId, userId);
      const gone = r?.user_id ?? userId;
      setBans((list) => list.filter((b) => b.user_id !== gone));
    },
    [streamId],
  );

  return { bans, status, loadError, unban, reload };
}
