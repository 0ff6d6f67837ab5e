// The viewer's tier for a streamer, for the release-delay notice: null for the streamer (sees all at
// once), FREE for followers and anonymous viewers, else the active subscription's tier.
import { useEffect, useState } from 'react';
import type { Tier } from '../api/alert-types';
import { getMyTier } from '../api/get-my-tier';

export function useViewerTier(streamerId: string | undefined, signedIn: boolean, isOwner: boolean): Tier | null {
  const [tier, setTier] = useState<Tier>('FREE');
  useEffect(() => {
    if (!streamerId || !signedIn || isOwner) return;
    const ctrl = new AbortController();
    getMyTier(streamerId, ctrl.signal)
      .then(setTier)
      .catch(() => {});
    return () => {
      ctrl.abort();
      setTier('FREE');
    };
  }, [streamerId, signedIn, isOwner]);
  return isOwner ? null : tier;
}
