/**
 * Time enters the core only through this interface, so every state machine can be
 * driven by a fake clock in tests. `now()` is monotonic milliseconds (never jumps with
 * the wall clock); `wallMs()` is Unix epoch milliseconds, for stamps that leave the app.
 */
export interface Clock {
  now(): number;
  wallMs(): number;
  /** Runs `fn` once after `ms`; returns a function that cancels it. */
  setTimeout(fn: () => void, ms: number): () => void;
}

export const systemClock: Clock = {
  now: () => performance.now(),
  wallMs: () => Date.now(),
  setTimeout(fn, ms) {
    const handle = setTimeout(fn, Math.max(0, ms));
    return () => clearTimeout(handle);
  },
};
