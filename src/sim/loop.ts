import type { Clock } from '../base/clock.ts';

export interface LoopOptions {
  clock: Clock;
  /** Sim seconds per wall second. */
  speed: number;
  /** Fixed physics step, sim seconds. */
  dtS: number;
  /** Wall ms between wake-ups. */
  periodMs?: number;
  /** Wall ms of backlog the loop will still catch up on; older debt is forgotten. */
  maxLagMs?: number;
  /** Wall ms of stepping per wake-up, so sockets are served between bursts. */
  budgetMs?: number;
}

export interface LoopBody {
  paused(): boolean;
  step(): void;
  /** Once per wake-up, after stepping, with the clock's time. */
  tick(nowMs: number): void;
}

/**
 * Runs fixed-dt steps in step with the injected clock. Sim time owed is measured from
 * the clock, not counted in wake-ups, so timer jitter never drifts it; a stall is caught
 * up within limits instead of in one unbounded burst.
 */
export function startLoop(opts: LoopOptions, body: LoopBody): () => void {
  const { clock, speed, dtS } = opts;
  if (!(speed > 0) || !Number.isFinite(speed)) throw new Error(`startLoop: speed must be a positive number, got ${speed}`);
  if (!(dtS > 0)) throw new Error(`startLoop: dtS must be positive, got ${dtS}`);
  const periodMs = opts.periodMs ?? 5;
  const maxDebt = Math.max(dtS, ((opts.maxLagMs ?? 250) / 1000) * speed);
  const budgetMs = opts.budgetMs ?? 10;
  let last = clock.now();
  let debt = 0;
  let cancel: (() => void) | null = null;
  let stopped = false;

  const wake = (): void => {
    cancel = null;
    const now = clock.now();
    debt = Math.min(maxDebt, debt + ((now - last) / 1000) * speed);
    last = now;
    if (body.paused()) debt = 0;
    for (let n = 1; debt >= dtS - 1e-9; n++) {
      body.step();
      debt -= dtS;
      if (n % 20 === 0 && clock.now() - now > budgetMs) break;
    }
    body.tick(now);
    if (!stopped) cancel = clock.setTimeout(wake, periodMs);
  };
  cancel = clock.setTimeout(wake, periodMs);
  return () => {
    stopped = true;
    cancel?.();
    cancel = null;
  };
}
