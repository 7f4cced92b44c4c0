import { systemClock, type Clock } from '../base/clock.ts';
import type { DeadlineTimer } from './timer.ts';

export interface PreciseTimerOptions {
  /** Must share its timeline with the loop's clock; the system clock by default. */
  clock?: Clock;
  /** How long before the deadline the coarse setTimeout is armed. */
  earlyMs?: number;
  /** Upper bound on one spin, so a stuck clock can never hold the event loop busy. */
  maxSpinMs?: number;
}

/**
 * The Node implementation of DeadlineTimer. Node's setTimeout works in whole
 * milliseconds and often fires 1-2 ms late, which alone gives a 50 Hz loop a period
 * error of a couple of milliseconds. So we arm it a little early and finish with a
 * setImmediate spin: each turn yields to the event loop (IO still runs), and the spin
 * lasts about `earlyMs` per tick, a few per cent of one core at 50 Hz.
 */
export function createPreciseTimer(options: PreciseTimerOptions = {}): DeadlineTimer {
  const clock = options.clock ?? systemClock;
  const earlyMs = options.earlyMs ?? 2;
  const maxSpinMs = options.maxSpinMs ?? earlyMs + 3;
  if (!(earlyMs >= 0) || !(maxSpinMs >= 0)) {
    throw new Error(`precise timer: earlyMs ${earlyMs} and maxSpinMs ${maxSpinMs} must be >= 0`);
  }
  return {
    at(deadline, fn) {
      let cancelled = false;
      let cancelTimeout: (() => void) | null = null;
      let immediate: NodeJS.Immediate | null = null;
      let spinStart = 0;
      const spin = (): void => {
        immediate = null;
        if (cancelled) return;
        const now = clock.now();
        if (now >= deadline || now - spinStart >= maxSpinMs) {
          cancelled = true;
          fn();
          return;
        }
        immediate = setImmediate(spin);
      };
      const beginSpin = (): void => {
        cancelTimeout = null;
        spinStart = clock.now();
        spin();
      };
      const lead = deadline - clock.now() - earlyMs;
      if (lead > 0) cancelTimeout = clock.setTimeout(beginSpin, lead);
      else immediate = setImmediate(beginSpin);
      return () => {
        cancelled = true;
        cancelTimeout?.();
        if (immediate) clearImmediate(immediate);
      };
    },
  };
}
