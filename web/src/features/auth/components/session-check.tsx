// On start, checks that a stored token still works; an expired or revoked one signs the user out.
import { useEffect } from 'react';
import { ApiError } from '../../../lib/api-client';
import { signIn, signOut } from '../../../lib/session';
import { getSession } from '../../../lib/token-store';
import { getMe } from '../api/get-me';

export default function SessionCheck() {
  useEffect(() => {
    const s = getSession();
    if (!s) return;
    getMe()
      .then(({ user }) => signIn({ token: s.token, user, expires_at: s.expires_at }))
      .catch((e) => {
        if (e instanceof ApiError && e.status === 401) signOut();
      });
  }, []);
  return null;
}
