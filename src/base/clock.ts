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

/**
 * A clock that runs `factor` times faster than `base`: headless runs drive the simulator
 * faster than real time while the control loop keeps its rate in simulated time. Wall
 * time stays real, so recorded stamps and file names say when the run really happened.
 */
export function scaledClock(base: Clock, factor: number): Clock {
  if (!(factor > 0) || !Number.isFinite(factor)) throw new Error(`scaledClock: factor must be a positive number, got ${factor}`);
  const t0 = base.now();
  return {
    now: () => t0 + (base.now() - t0) * factor,
    wallMs: () => base.wallMs(),
    setTimeout: (fn, ms) => base.setTimeout(fn, ms / factor),
  };
}
