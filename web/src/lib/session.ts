import { useSyncExternalStore } from 'react';
import { getSession, setSession, subscribeSession, type SessionUser } from './token-store';

export type { SessionUser };

export interface SessionState {
  user: SessionUser | null;
  token: string | null;
}

let snapshot: SessionState = compute();
function compute(): SessionState {
  const s = getSession();
  return { user: s?.user ?? null, token: s?.token ?? null };
}
subscribeSession(() => {
  snapshot = compute();
});

/** The signed-in user (or null), re-rendering on sign in / sign out in this tab. */
export function useSession(): SessionState {
  return useSyncExternalStore(subscribeSession, () => snapshot, () => snapshot);
}

export function signIn(resp: { token: string; user: SessionUser; expires_at?: number }) {
  setSession({ token: resp.token, user: resp.user, expires_at: resp.expires_at });
}

export function signOut() {
  setSession(null);
}
