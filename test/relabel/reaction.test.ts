import { describe, expect, it } from 'vitest';
import type { ReactionState } from '../../src/app/contract-replay.ts';
import { operatorInfo, ReactionCalibration, summarise } from '../../src/relabel/reaction.ts';
import { FakeClock } from '../fakes/fake-clock.ts';

const REST = [0, 0, 0, 0];
const PUSH = [0, 0, 0, 0.9];

function setup(seed = 7): { clock: FakeClock; cal: ReactionCalibration; states: ReactionState[] } {
  const clock = new FakeClock();
  const cal = new ReactionCalibration(clock, { seed });
  const states: ReactionState[] = [];
  cal.onChange((s) => states.push(s));
  return { clock, cal, states };
}

/**
 * Advances 1 ms at a time until the stimulus shows, then winds back the overshoot by
 * noting the onset (the foreperiod is not a whole number of ms): returns the foreperiod
 * and leaves `onset` for `answer`.
 */
let onset = 0;
function untilStimulus(clock: FakeClock, cal: ReactionCalibration, limitMs = 3000): number | null {
  const t0 = clock.now();
  const off = cal.onChange((s) => { if (s.stimulus) onset = clock.now(); });
  try {
    for (let ms = 0; ms <= limitMs; ms++) {
      if (cal.state().stimulus) return onset - t0;
      clock.advance(1);
    }
    return null;
  } finally {
    off();
  }
}

/** Moves to `latencyMs` after the stimulus onset. */
function wait(clock: FakeClock, latencyMs: number): void {
  clock.advance(onset + latencyMs - clock.now());
}

/** One valid trial answered `latencyMs` after the stimulus, then the stick released. */
function trial(clock: FakeClock, cal: ReactionCalibration, latencyMs: number): void {
  expect(untilStimulus(clock, cal)).not.toBeNull();
  wait(clock, latencyMs);
  cal.feed(PUSH);
  clock.advance(100);
  cal.feed(REST);
}

describe('reaction calibration', () => {
  it('runs 12 trials after random foreperiods of 1.0-2.5 s and reports the trimmed mean and sd', () => {
    const { clock, cal, states } = setup();
    cal.feed(REST);
    cal.start('ana');
    expect(cal.state()).toMatchObject({ state: 'running', operator: 'ana', trial: 1, trials: 12, stimulus: false });
    const latencies = [240, 260, 250, 230, 270, 245, 255, 900 /* a blink */, 235, 265, 120 /* lucky */, 250];
    const fore: number[] = [];
    for (const l of latencies) {
      fore.push(untilStimulus(clock, cal) as number);
      expect(cal.state().message).toBe('Push!');
      wait(clock, l);
      cal.feed(PUSH);
      expect(cal.state().stimulus).toBe(false);
      clock.advance(100);
      cal.feed(REST);
    }
    expect(fore.every((f) => f >= 1000 && f <= 2500)).toBe(true);
    expect(new Set(fore).size).toBeGreaterThan(6);
    const s = cal.state();
    expect(s.state).toBe('done');
    expect(s.resultsMs).toEqual(latencies);
    const kept = latencies.filter((l) => l !== 900 && l !== 120);
    const mean = kept.reduce((a, b) => a + b, 0) / kept.length;
    expect(s.meanMs).toBeCloseTo(mean, 9);
    expect(s.sdMs).toBeCloseTo(Math.sqrt(kept.reduce((a, x) => a + (x - mean) ** 2, 0) / (kept.length - 1)), 9);
    expect(s.message).toMatch(/^Your reaction time: 250 ± 13 ms over 12 trials\.$/);
    expect(states.at(-1)).toEqual(s);
    expect(clock.pending()).toBe(0);
    expect(operatorInfo(s, '2026-03-01T10:00:00.000Z')).toEqual({ name: 'ana', reactionMs: s.meanMs, reactionSdMs: s.sdMs, trials: 12, measuredAt: '2026-03-01T10:00:00.000Z' });
  });

  it('a push before the stimulus is too early; the trial repeats once the stick is let go', () => {
    const { clock, cal } = setup();
    cal.feed(REST);
    cal.start('ana', 3);
    clock.advance(500);
    cal.feed([0.35, 0, 0, 0]); // below half travel: a twitch, not an answer
    expect(cal.state().message).toMatch(/Wait for the flash/);
    cal.feed(PUSH);
    expect(cal.state()).toMatchObject({ trial: 1, stimulus: false, resultsMs: [] });
    expect(cal.state().message).toBe('Too early. Let go of the stick for the next trial.');
    clock.advance(5000); // held: nothing is armed
    expect(cal.state().stimulus).toBe(false);
    cal.feed([0.1, 0, 0, 0]);
    expect(cal.state().message).toBe('Too early. Wait for the flash, then push the stick at once.');
    trial(clock, cal, 300);
    expect(cal.state()).toMatchObject({ trial: 2, resultsMs: [300] });
  });

  it('an answer within 100 ms of the stimulus is a guess, not a reaction', () => {
    const { clock, cal } = setup();
    cal.feed(REST);
    cal.start('ana', 3);
    untilStimulus(clock, cal);
    wait(clock, 60);
    cal.feed(PUSH);
    expect(cal.state()).toMatchObject({ trial: 1, resultsMs: [], stimulus: false });
    expect(cal.state().message).toMatch(/^Too early: that was a guess\./);
  });

  it('no answer within 1.5 s is missed and repeated', () => {
    const { clock, cal } = setup();
    cal.feed(REST);
    cal.start('ana', 3);
    untilStimulus(clock, cal);
    wait(clock, 1499);
    expect(cal.state().stimulus).toBe(true);
    wait(clock, 1500);
    expect(cal.state()).toMatchObject({ stimulus: false, trial: 1, resultsMs: [] });
    expect(cal.state().message).toMatch(/^Missed\. Wait for the flash/);
    trial(clock, cal, 1400); // slow but in time
    expect(cal.state().resultsMs).toEqual([1400]);
  });

  it('waits for the stick at rest before the first trial, and for any report at all', () => {
    const { clock, cal } = setup();
    cal.start('ana', 3);
    clock.advance(5000);
    expect(cal.state()).toMatchObject({ state: 'running', stimulus: false, message: 'Let go of the stick to start.' });
    cal.feed([0, -0.4, 0, 0]);
    clock.advance(5000);
    expect(cal.state().stimulus).toBe(false);
    cal.feed([0, -0.1, 0, 0.19]);
    expect(untilStimulus(clock, cal)).not.toBeNull();
  });

  it('gives up after 3 x trials attempts: done with what it has, cancelled under 3 valid', () => {
    const few = setup();
    few.cal.feed(REST);
    few.cal.start('ana', 4);
    trial(few.clock, few.cal, 200);
    trial(few.clock, few.cal, 220);
    trial(few.clock, few.cal, 240);
    for (let i = 0; i < 9; i++) { untilStimulus(few.clock, few.cal); wait(few.clock, 1500); }
    expect(few.cal.state()).toMatchObject({ state: 'done', resultsMs: [200, 220, 240], meanMs: 220, sdMs: 20 });

    const none = setup();
    none.cal.feed(REST);
    none.cal.start('ana', 4);
    trial(none.clock, none.cal, 200);
    for (let i = 0; i < 11; i++) { untilStimulus(none.clock, none.cal); wait(none.clock, 1500); }
    expect(none.cal.state()).toMatchObject({ state: 'cancelled', resultsMs: [200], meanMs: null });
    expect(none.cal.state().message).toMatch(/too few/);
    expect(none.clock.pending()).toBe(0);
  });

  it('cancel stops everything; a new start begins afresh', () => {
    const { clock, cal, states } = setup();
    cal.feed(REST);
    cal.start('ana', 3);
    trial(clock, cal, 250);
    untilStimulus(clock, cal);
    cal.cancel();
    expect(cal.state()).toMatchObject({ state: 'cancelled', stimulus: false, meanMs: null, sdMs: null });
    expect(operatorInfo(cal.state(), 'now')).toBeNull();
    expect(clock.pending()).toBe(0);
    const n = states.length;
    clock.advance(10_000);
    cal.feed(PUSH);
    expect(states.length).toBe(n);
    cal.feed(REST);
    cal.start('bo', 3);
    expect(cal.state()).toMatchObject({ state: 'running', operator: 'bo', trial: 1, resultsMs: [] });
    expect(() => cal.start('bo', 2)).toThrow(/2/);
  });

  it('trims the slowest and fastest only from 8 trials on', () => {
    expect(summarise([100, 200, 300])).toEqual({ meanMs: 200, sdMs: 100 });
    expect(summarise([1000, 200, 200, 200, 200, 200, 200])?.meanMs).toBeCloseTo(1000 / 7 + 1200 / 7, 9);
    expect(summarise([1000, 200, 200, 200, 200, 200, 200, 10])).toEqual({ meanMs: 200, sdMs: 0 });
    expect(summarise([250])).toEqual({ meanMs: 250, sdMs: null });
    expect(summarise([])).toBeNull();
  });
});
