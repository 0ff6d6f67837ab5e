// A scripted stand-in for the /streaming socket in component tests: records what the page emits,
// answers acks from a table (default `{ok:true}`), and lets the test deliver server events. Everything
// above it (hooks, emitWithAck, components) is the real code. A test file mocks lib/socket's getSocket
// to return fakeSocket.socket (importing this module inside the vi.mock factory, which runs before the
// file's own imports) and calls fakeSocket.reset() between tests.
type Fn = (...args: unknown[]) => void;

function createFakeSocket() {
  const handlers = new Map<string, Set<Fn>>();
  const emitted: { event: string; payload: unknown }[] = [];
  const acks: Record<string, (payload: Record<string, unknown>) => unknown> = {};
  const socket = {
    connected: true,
    on(ev: string, fn: Fn) {
      if (!handlers.has(ev)) handlers.set(ev, new Set());
      handlers.get(ev)!.add(fn);
      return socket;
    },
    off(ev: string, fn: Fn) {
      handlers.get(ev)?.delete(fn);
      return socket;
    },
    connect() {},
    emit(event: string, payload: unknown, cb?: Fn) {
      emitted.push({ event, payload });
      const answer = acks[event];
      if (cb) queueMicrotask(() => cb(null, answer ? answer(payload as Record<string, unknown>) : { ok: true }));
      return socket;
    },
    timeout() {
      return socket;
    },
  };
  const deliver = (ev: string, data: unknown) => handlers.get(ev)?.forEach((fn) => fn(data));
  const events = () => emitted.map((e) => e.event);
  const reset = () => {
    emitted.length = 0;
    for (const k of Object.keys(acks)) delete acks[k];
    socket.connected = true;
  };
  return { socket, emitted, acks, handlers, deliver, events, reset };
}

export const fakeSocket = createFakeSocket();
