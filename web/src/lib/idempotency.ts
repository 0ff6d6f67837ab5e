import { useState } from 'react';

/** A random idempotency key (crypto.randomUUID is missing outside secure contexts, e.g. plain-http LAN). */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

/**
 * The idempotency key of the request made of `parts`: the same key while they stay the same (so a retry
 * after a lost answer is not paid twice), a fresh one as soon as any part changes (a new request).
 */
export function useIdempotencyKey(...parts: (string | number | boolean | null | undefined)[]): string {
  const id = JSON.stringify(parts);
  const [current, setCurrent] = useState(() => ({ id, key: newIdempotencyKey() }));
  if (current.id === id) return current.key;
  // Adjusting state while rendering (react.dev "storing information from previous renders").
  const next = { id, key: newIdempotencyKey() };
  setCurrent(next);
  return next.key;
}
