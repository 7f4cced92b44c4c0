import { describe, expect, it } from 'vitest';
import { FixedRateLoop, type TickInfo } from '../../src/control/loop.ts';
import type { DeadlineTimer } from '../../src/control/timer.ts';
import { FakeClock } from '../fakes/fake-clock.ts';

/** A timer whose k-th callback fires `lags[k]` ms after its deadline (fault injection). */
function laggingTimer(clock: FakeClock, lags: number[]): DeadlineTimer {
  let k = 0;
  return {
    at: (deadline, fn) => clock.setTimeout(fn, deadline - clock.now() + (lags[k++] ?? 0)),
  };
}

function record(clock: FakeClock, hz: number, timer?: DeadlineTimer, onTick?: (i: TickInfo) => void) {
  const ticks: TickInfo[] = [];
  const loop = new FixedRateLoop({ clock, hz, timer, tick: (i) => { ticks.push(i); onTick?.(i); } });
  return { loop, ticks };
}

describe('FixedRateLoop', () => {
  it('ticks on the grid start + n * period', () => {
    const clock = new FakeClock();
    clock.advance(7);
    const { loop, ticks } = record(clock, 50);
    loop.start();
    clock.advance(100);
    expect(ticks.map((t) => t.deadline)).toEqual([7, 27, 47, 67, 87, 107]);
    expect(ticks.map((t) => t.n)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(ticks.every((t) => t.lateMs === 0 && t.actual === t.deadline)).toBe(true);
    expect(loop.stats()).toMatchObject({ ticks: 6, overruns: 0 });
  });

  it('keeps deadlines on the grid when callbacks run late (no drift)', () => {
    const clock = new FakeClock();
    const { loop, ticks } = record(clock, 50, laggingTimer(clock, [0, 7, 0, 13, 19, 0]));
    loop.start();
    clock.advance(110);
    expect(ticks.map((t) => t.deadline)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(ticks.map((t) => t.lateMs)).toEqual([0, 7, 0, 13, 19, 0]);
    expect(loop.stats().overruns).toBe(0);
    // Period error of each interval: |(actual_n - actual_n-1) - 20|.
    expect(loop.stats().jitterMs).toEqual([7, 7, 13, 6, 19]);
  });

  it('skips to the next future deadline after a long stall instead of bursting', () => {
    const clock = new FakeClock();
    const { loop, ticks } = record(clock, 50, laggingTimer(clock, [0, 45]));
    loop.start();
    clock.advance(130);
    // Deadline 20 ran at 65; 40 and 60 are gone, so the next tick is 80, not three at once.
    expect(ticks.map((t) => [t.n, t.actual])).toEqual([[0, 0], [1, 65], [4, 80], [5, 100], [6, 120]]);
    expect(loop.stats().overruns).toBe(2);
  });

  it('counts overruns when the tick itself takes longer than a period', () => {
    const clock = new FakeClock();
    const { loop, ticks } = record(clock, 50, undefined, (i) => {
      if (i.n === 1) clock.advance(50); // a 50 ms tick
    });
    loop.start();
    clock.advance(100);
    expect(ticks.map((t) => t.actual)).toEqual([0, 20, 80, 100]);
    expect(loop.stats().overruns).toBe(2);
  });

  it('a late tick within a period is followed by the on-grid one, not a shifted one', () => {
    const clock = new FakeClock();
    const { loop, ticks } = record(clock, 50, laggingTimer(clock, [0, 15]));
    loop.start();
    clock.advance(40);
    expect(ticks.map((t) => t.actual)).toEqual([0, 35, 40]);
  });

  it('stops, restarts on a fresh grid, and changes rate', () => {
    const clock = new FakeClock();
    const { loop, ticks } = record(clock, 50);
    loop.start();
    clock.advance(45);
    loop.stop();
    clock.advance(100);
    expect(ticks).toHaveLength(3);
    expect(clock.pending()).toBe(0);
    loop.start();
    clock.advance(0);
    expect(ticks.at(-1)).toMatchObject({ n: 0, deadline: 145 });
    loop.setRate(100);
    clock.advance(30);
    expect(ticks.slice(-3).map((t) => t.deadline)).toEqual([145, 165, 175]);
    expect(loop.hz).toBe(100);
    loop.dispose();
    expect(() => loop.start()).toThrow(/dispose/);
    expect(() => new FixedRateLoop({ clock, hz: 0, tick: () => {} })).toThrow(/0/);
  });

  it('survives a throwing tick', () => {
    const clock = new FakeClock();
    let boom = true;
    const { loop, ticks } = record(clock, 50, undefined, () => {
      if (boom) { boom = false; throw new Error('bad tick'); }
    });
    loop.start();
    expect(() => clock.advance(0)).toThrow('bad tick');
    clock.advance(40);
    expect(ticks.map((t) => t.n)).toEqual([0, 1, 2]);
  });

  it('stop() inside a tick leaves nothing scheduled', () => {
    const clock = new FakeClock();
    const loop: FixedRateLoop = new FixedRateLoop({ clock, hz: 50, tick: (i) => { if (i.n === 2) loop.stop(); } });
    loop.start();
    clock.advance(200);
    expect(loop.stats().ticks).toBe(3);
    expect(clock.pending()).toBe(0);
  });
});
