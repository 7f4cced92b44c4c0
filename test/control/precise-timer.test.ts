import { describe, expect, it } from 'vitest';
import { systemClock } from '../../src/base/clock.ts';
import { FixedRateLoop, type TickInfo } from '../../src/control/loop.ts';
import { createPreciseTimer } from '../../src/control/precise-timer.ts';

// Real time, so only counts and ordering are asserted; jitter figures are the bench's job.
describe('precise timer (real Node timers)', () => {
  it('drives a 50 Hz loop through ~300 ms: 16 grid deadlines, none fired early', async () => {
    const ticks: TickInfo[] = [];
    const loop = new FixedRateLoop({ clock: systemClock, timer: createPreciseTimer(), hz: 50, tick: (i) => ticks.push(i) });
    await new Promise<void>((resolve) => {
      loop.start();
      const check = setInterval(() => {
        if ((ticks.at(-1)?.n ?? 0) >= 15) {
          clearInterval(check);
          loop.stop();
          resolve();
        }
      }, 5);
    });
    const last = ticks.at(-1) as TickInfo;
    // Each deadline 0..15 either ticked or was counted as skipped (on a starved machine).
    expect(ticks.length + loop.stats().overruns).toBe(last.n + 1);
    expect(last.n).toBeGreaterThanOrEqual(15);
    const start = (ticks[0] as TickInfo).deadline;
    for (const t of ticks) {
      expect(t.deadline).toBeCloseTo(start + t.n * 20, 6);
      expect(t.actual).toBeGreaterThanOrEqual(t.deadline);
    }
    loop.dispose();
  });

  it('a cancelled deadline never fires', async () => {
    const timer = createPreciseTimer();
    let fired = 0;
    const cancelFar = timer.at(systemClock.now() + 30, () => fired++);
    const cancelNear = timer.at(systemClock.now() + 1, () => fired++);
    cancelFar();
    cancelNear();
    let kept = 0;
    await new Promise<void>((resolve) => timer.at(systemClock.now() + 40, () => { kept++; resolve(); }));
    expect(fired).toBe(0);
    expect(kept).toBe(1);
  });
});
