// Bounded waits for every JS test suite (integration, media, web/e2e). Node built-ins only, so a suite
// in another folder (with its own node_modules) can import this file by path. Every wait has a deadline
// and says on timeout what it waited for and what it saw last; none of them retries the thing under test.

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function withTimeout(promise, ms, what) {
  let timer;
  const t = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms); });
  return Promise.race([promise, t]).finally(() => clearTimeout(timer));
}

// Resolves with the arguments of the next `event`.
export const once = (emitter, event, ms = 15000) => withTimeout(new Promise((r) => emitter.once(event, (...a) => r(a))), ms, event);

// Resolves with the first `event` payload for which `pred` holds. The listener goes away either way; on
// timeout the error shows the last payloads seen.
export function waitForEvent(emitter, event, pred = () => true, what = event, ms = 20000) {
  const seen = [];
  let on;
  const matched = new Promise((resolve) => {
    on = (p) => {
      seen.push(p);
      if (pred(p)) resolve(p);
    };
    emitter.on(event, on);
  });
  return withTimeout(matched, ms, `${what}; seen ${JSON.stringify(seen.slice(-5))}`).finally(() => emitter.off(event, on));
}

// Polls `fn` until `accept` holds for what it returns (default: truthy) and returns that value; the
// last value is reported on timeout. For state that the server reaches in its own time (a count
// sampled, a row written behind an event), not for hiding a flaky result.
export async function eventually(fn, what, ms = 20000, { interval = 100, accept = Boolean } = {}) {
  const deadline = Date.now() + ms;
  let last;
  for (;;) {
    last = await fn();
    if (accept(last)) return last;
    if (Date.now() > deadline) throw new Error(`not reached within ${ms} ms: ${what}; last: ${JSON.stringify(last)}`);
    await sleep(interval);
  }
}
