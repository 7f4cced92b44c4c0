import { describe, expect, it } from 'vitest';
import { axisRange, niceCeil, tickLabel, ticks, xFraction, yFraction } from '../../renderer/charts/plot-scale.ts';
import { roundSeries } from '../../renderer/charts/round-series.ts';
import { DoubtHistory } from '../../renderer/policy/doubt-history.ts';
import { episode } from './episodes-fixture.ts';

describe('plot scales', () => {
  it('rounds a linear axis up to a readable top from zero', () => {
    expect(niceCeil(0.37)).toBeCloseTo(0.5);
    expect(niceCeil(7)).toBe(10);
    expect(niceCeil(2)).toBe(2);
    expect(niceCeil(1300)).toBe(2000);
    expect(axisRange([0.2, 3.7, null], false)).toEqual({ min: 0, max: 5, log: false });
    expect(axisRange([null, Number.NaN], false)).toBeNull();
    expect(axisRange([4, 4], false)).toEqual({ min: 0, max: 5, log: false });
  });

  it('spans whole decades on a log axis and leaves out values it cannot draw', () => {
    const r = axisRange([0.8, 0.012, 0, -1, null], true);
    expect(r).toEqual({ min: 0.01, max: 1, log: true });
    expect(yFraction(0.1, r!)).toBeCloseTo(0.5);
    expect(yFraction(0, r!)).toBeNull();
    expect(ticks(r!)).toEqual([0.01, 0.1, 1]);
    expect(tickLabel(0.001, { min: 0.001, max: 1, log: true })).toBe('1e-3');
    expect(axisRange([0.1, 0.1], true)).toEqual({ min: 0.1, max: 1, log: true });
  });

  it('maps values and indices into the plot', () => {
    const r = { min: 0, max: 10, log: false };
    expect(yFraction(2.5, r)).toBe(0.25);
    expect(yFraction(20, r)).toBe(1);
    expect(ticks(r)).toEqual([0, 2.5, 5, 7.5, 10]);
    expect(xFraction(0, 1)).toBe(0.5);
    expect(xFraction(2, 5)).toBe(0.5);
    expect(xFraction(4, 5)).toBe(1);
  });
});

describe('per-round series', () => {
  it('computes interventions per minute, operator share and failures per km, without quarantined episodes', () => {
    const list = [
      episode({ id: 'd', round: 0, duration_s: 120, distance_m: 500, operator_frames: 6000, policy_frames: 0, interventions: 0, collisions: 1, departures: 1 }),
      episode({ id: 'a', round: 1, duration_s: 60, distance_m: 400, operator_frames: 300, policy_frames: 2700, interventions: 3, collisions: 1, departures: 0 }),
      episode({ id: 'b', round: 1, duration_s: 120, distance_m: 600, operator_frames: 100, policy_frames: 2900, interventions: 3, collisions: 0, departures: 1 }),
      episode({ id: 'q', round: 1, duration_s: 600, distance_m: 5000, operator_frames: 9000, policy_frames: 0, interventions: 50, collisions: 9, departures: 9, quarantined: true }),
      episode({ id: 'q2', round: 2, quarantined: true }),
    ];
    const s = roundSeries(list);
    expect(s.map((p) => p.round)).toEqual([0, 1]);
    expect(s[0]).toMatchObject({ interventionsPerMin: null, operatorShare: 1, failuresPerKm: 4, episodes: 1 });
    expect(s[1]!.interventionsPerMin).toBeCloseTo(2);
    expect(s[1]!.operatorShare).toBeCloseTo(400 / 6000);
    expect(s[1]!.failuresPerKm).toBeCloseTo(2);
    expect(s[1]!.km).toBeCloseTo(1);
  });

  it('counts failures only over episodes whose world counts them', () => {
    const s = roundSeries([
      episode({ id: 'a', round: 1, distance_m: 1000, collisions: 2, departures: null }),
      episode({ id: 'b', round: 1, distance_m: 3000, collisions: null, departures: null }),
      episode({ id: 'c', round: 2, distance_m: 0, collisions: 0, departures: 0 }),
    ]);
    expect(s[0]!.failuresPerKm).toBeCloseTo(2);
    expect(s[1]!.failuresPerKm).toBeNull();
  });
});

describe('doubt strip buffer', () => {
  it('keeps the last minute and places the newest at the right edge', () => {
    const h = new DoubtHistory(60_000);
    for (let t = 0; t <= 90_000; t += 1000) h.push({ t, doubt: t / 90_000, threshold: 0.4, asking: false });
    expect(h.list[0]!.t).toBe(30_000);
    expect(h.list.at(-1)!.t).toBe(90_000);
    expect(h.xOf(90_000, 90_000)).toBe(1);
    expect(h.xOf(60_000, 90_000)).toBeCloseTo(0.5);
    expect(h.xOf(0, 90_000)).toBe(0);
    expect(h.scaleMax()).toBe(1);
  });

  it('starts afresh when the app clock jumps back, and replaces a repeated timestamp', () => {
    const h = new DoubtHistory(60_000);
    h.push({ t: 5000, doubt: 0.1, threshold: null, asking: false });
    h.push({ t: 5000, doubt: 0.2, threshold: null, asking: false });
    expect(h.list).toHaveLength(1);
    expect(h.list[0]!.doubt).toBe(0.2);
    h.push({ t: 100, doubt: 0.3, threshold: null, asking: false });
    expect(h.list.map((s) => s.t)).toEqual([100]);
  });

  it('caps its size and scales to the threshold when doubt is small', () => {
    const h = new DoubtHistory(60_000, 10);
    for (let t = 0; t < 50; t++) h.push({ t, doubt: 0.01, threshold: 0.2, asking: false });
    expect(h.list).toHaveLength(10);
    expect(h.scaleMax()).toBeCloseTo(0.3);
    h.clear();
    expect(h.scaleMax()).toBe(1);
  });
});
