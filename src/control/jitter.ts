import { systemClock } from '../base/clock.ts';
import { FixedRateLoop } from './loop.ts';
import { createPreciseTimer, type PreciseTimerOptions } from './precise-timer.ts';
import { percentile } from './samples.ts';

export interface JitterReport {
  hz: number;
  ticks: number;
  overruns: number;
  /** Period error |interval - period| in ms. */
  p50: number;
  p99: number;
  max: number;
  /** How late ticks ran past their deadlines, ms. */
  lateP99: number;
}

/** Runs an empty loop on the real Node timer and reports its timing (for `intervene bench`). */
export function measureLoopJitter(options: { hz: number; seconds: number; timer?: PreciseTimerOptions }): Promise<JitterReport> {
  const { hz, seconds } = options;
  if (!(seconds > 0)) throw new Error(`measureLoopJitter: seconds must be > 0, got ${seconds}`);
  const history = Math.ceil(hz * seconds) + 10;
  return new Promise((resolve) => {
    const loop = new FixedRateLoop({ clock: systemClock, timer: createPreciseTimer(options.timer), hz, history, tick: () => {} });
    loop.start();
    setTimeout(() => {
      const s = loop.stats();
      loop.dispose();
      resolve({
        hz, ticks: s.ticks, overruns: s.overruns,
        p50: percentile(s.jitterMs, 50), p99: percentile(s.jitterMs, 99), max: s.jitterMs.reduce((m, v) => Math.max(m, v), s.jitterMs.length ? 0 : NaN),
        lateP99: percentile(s.lateMs, 99),
      });
    }, seconds * 1000);
  });
}

/**
 * The yardstick for the loop: a thread that does nothing but spin until each deadline,
 * the best timing JavaScript can get on this machine. What it still misses is preemption
 * by the OS or hypervisor, which no timer can fix; the loop is judged against it.
 */
export function measureBusyWaitJitter(options: { hz: number; seconds: number }): { p50: number; p99: number; max: number } {
  const period = 1000 / options.hz;
  const ticks = Math.round(options.hz * options.seconds);
  const start = performance.now();
  const errors: number[] = [];
  let last = start;
  for (let n = 1; n <= ticks; n++) {
    const deadline = start + n * period;
    let now = performance.now();
    while (now < deadline) now = performance.now();
    errors.push(Math.abs(now - last - period));
    last = now;
  }
  return { p50: percentile(errors, 50), p99: percentile(errors, 99), max: Math.max(...errors) };
}
