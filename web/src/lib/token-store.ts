// The signed-in session, kept in localStorage so it survives reloads. A tiny store (not React state) so
// the API client and the socket can read the token without a component tree.
export interface SessionUser {
  id: string;
  username: string;
  created_at?: number;
}

interface Stored {
  token: string;
  user: SessionUser;
  expires_at?: number;
}

const KEY = 'tradecast.session';
type Listener = () => void;
const listeners = new Set<Listener>();

function read(): Stored | null {
  try {
    const raw = localStorage.getItem(KEY);
    if (!raw) return null;
    const s = JSON.parse(raw) as Stored;
    if (s.expires_at && s.expires_at < Date.now()) {
      localStorage.removeItem(KEY);
      return null;
    }
    return s;
  } catch {
    return null;
  }
}

let current: Stored | null = read();

export function getToken(): string | null {
  return current?.token ?? null;
}
export function getSession(): Stored | null {
  return current;
}
export function setSession(s: Stored | null) {
  current = s;
  if (s) localStorage.setItem(KEY, JSON.stringify(s));
  else localStorage.removeItem(KEY);
  listeners.forEach((l) => l());
}
export function subscribeSession(l: Listener): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}
