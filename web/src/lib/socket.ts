// One Socket.IO client per namespace, same origin. The handshake auth reads the current token each time
// it connects, and the client reconnects when the user signs in or out so the server sees the new identity.
import { io, type Socket } from 'socket.io-client';
import { getToken, subscribeSession } from './token-store';

const sockets = new Map<string, Socket>();

export function getSocket(namespace: string): Socket {
  let s = sockets.get(namespace);
  if (!s) {
    s = io(namespace, {
      auth: (cb) => {
        const token = getToken();
        cb(token ? { token } : {});
      },
      transports: ['websocket', 'polling'],
      reconnectionDelayMax: 10_000,
    });
    sockets.set(namespace, s);
  }
  return s;
}

let lastToken = getToken();
subscribeSession(() => {
  const t = getToken();
  if (t === lastToken) return;
  lastToken = t;
  for (const s of sockets.values()) {
    s.disconnect();
    s.connect();
  }
});

export interface AckError {
  code: string;
  message: string;
  /** Seconds until the refusal lifts (rate_limited, timed_out). */
  retry_after?: number;
  /** Milliseconds until the refusal lifts, where finer (slow_mode, timed_out). */
  retry_after_ms?: number;
}
export type Ack<T> = ({ ok: true } & T) | { ok: false; error: AckError };

/** Emit with an acknowledgement; rejects with the server's {code,message} or a timeout. */
export function emitWithAck<T = Record<string, unknown>>(socket: Socket, event: string, payload: unknown, timeoutMs = 8000): Promise<T> {
  return new Promise((resolve, reject) => {
    socket.timeout(timeoutMs).emit(event, payload, (err: Error | null, ack: Ack<T> | undefined) => {
      if (err) return reject(Object.assign(new Error('The chat server did not answer. Try again.'), { code: 'timeout' }));
      if (!ack || typeof ack !== 'object') return resolve({} as T);
      if (ack.ok === false) return reject(Object.assign(new Error(ack.error?.message ?? 'Refused'), { code: ack.error?.code ?? 'error', retry_after: ack.error?.retry_after, retry_after_ms: ack.error?.retry_after_ms }));
      resolve(ack as T);
    });
  });
}

// socket.io-client's own listener type: payloads are whatever the server sent.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type SocketListener = (...args: any[]) => void;

/** Adds each [event, listener] to `socket`; the function returned removes them again (an effect's cleanup). */
export function listen(socket: Socket, listeners: [string, SocketListener][]): () => void {
  for (const [event, fn] of listeners) socket.on(event, fn);
  return () => {
    for (const [event, fn] of listeners) socket.off(event, fn);
  };
}
