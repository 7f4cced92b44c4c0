import type { Clock } from '../base/clock.ts';

/**
 * Fires a callback at an absolute time on the clock's timeline. The loop plans in
 * deadlines rather than delays so that a late callback never shifts the ones after it.
 */
export interface DeadlineTimer {
  /** Runs `fn` once at (or as soon as possible after) `deadline`; returns a cancel. */
  at(deadline: number, fn: () => void): () => void;
}

/** The plain timer: whatever precision the clock's setTimeout has (exact on a FakeClock). */
export function clockTimer(clock: Clock): DeadlineTimer {
  return {
    at: (deadline, fn) => clock.setTimeout(fn, Math.max(0, deadline - clock.now())),
  };
}
