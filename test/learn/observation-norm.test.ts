import { describe, expect, it } from 'vitest';
import { ACTION_STD_FLOOR, computeNormStats, MIN_STD, normalize, normScales, normStds, parseNormStats } from '../../src/learn/observation-norm.ts';

describe('normalisation statistics', () => {
  const fields = ['x', 'const', 'y'];
  // Rows: x = 1, 2, 3, 4; const = 5; y = -2, 2, -2, 2.
  const obs = Float32Array.from([1, 5, -2, 2, 5, 2, 3, 5, -2, 4, 5, 2]);

  it('computes per-field mean and population std', () => {
    const s = computeNormStats(obs, fields);
    expect(s.fields).toEqual(fields);
    expect(s.mean).toEqual([2.5, 5, 0]);
    expect(s.std[0]).toBeCloseTo(Math.sqrt(1.25), 12);
    expect(s.std[1]).toBe(0);
    expect(s.std[2]).toBe(2);
  });

  it('normalises to zero mean and unit std, and only centres a constant field', () => {
    const s = computeNormStats(obs, fields);
    const z = normalize(s, obs);
    const col = (j: number): number[] => Array.from(z).filter((_, i) => i % 3 === j);
    expect(col(1)).toEqual([0, 0, 0, 0]);
    expect(col(2)).toEqual([-1, 1, -1, 1]);
    const x = col(0);
    expect(x.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 6);
    expect(Math.sqrt(x.reduce((a, b) => a + b * b, 0) / 4)).toBeCloseTo(1, 6);
    // A single vector at run time, into a reused buffer with precomputed scales.
    const out = new Float32Array(3);
    expect(Array.from(normalize(s, [2.5, 7, 4], out, normScales(s)))).toEqual([0, 2, 2]);
    expect(normScales({ ...s, std: [1, MIN_STD / 2, 4] })[1]).toBe(1);
  });

  it('scales a nearly constant field by the floor, not by its tiny std', () => {
    // A stick axis touched once in 1,000 frames: std 3e-5. Scaled by 1/std, that one frame
    // becomes 30 std units and swamps the loss; the floor keeps it at 0.05.
    const act = new Float32Array(1000);
    act[500] = 0.001;
    const plain = computeNormStats(act, ['angular_z']);
    const floored = computeNormStats(act, ['angular_z'], ACTION_STD_FLOOR);
    expect(plain.std[0]).toBeGreaterThan(MIN_STD);
    expect(Math.abs(normalize(plain, [0.001])[0] as number)).toBeGreaterThan(30);
    expect(normalize(floored, [0.001])[0]).toBeCloseTo((0.001 - (floored.mean[0] as number)) / ACTION_STD_FLOOR, 6);
    expect(normStds(floored)[0]).toBe(ACTION_STD_FLOOR);
    // Wide fields and constant ones are as before.
    expect(normStds({ ...floored, std: [0.5] })[0]).toBe(0.5);
    expect(normStds({ ...floored, std: [0] })[0]).toBe(1);
    expect(parseNormStats(JSON.parse(JSON.stringify(floored)))).toEqual(floored);
    expect(parseNormStats({ ...floored, floor: -1 })).toMatch(/floor/);
    expect(() => computeNormStats(act, ['angular_z'], Number.NaN)).toThrow(/floor/);
  });

  it('round-trips through plain JSON and rejects malformed files, naming the problem', () => {
    const s = computeNormStats(obs, fields);
    const back = parseNormStats(JSON.parse(JSON.stringify(s)));
    expect(back).toEqual(s);
    expect(parseNormStats(null)).toMatch(/object/);
    expect(parseNormStats({ ...s, version: 2 })).toMatch(/version 2/);
    expect(parseNormStats({ ...s, mean: [1, 2] })).toMatch(/mean/);
    expect(parseNormStats({ ...s, std: [1, -1, 1] })).toMatch(/std/);
    expect(parseNormStats({ ...s, fields: [1, 2, 3] })).toMatch(/fields/);
  });

  it('rejects data that cannot be rows of the fields, and non-finite values', () => {
    expect(() => computeNormStats(Float32Array.from([1, 2]), fields)).toThrow(/2 values/);
    expect(() => computeNormStats(Float32Array.from([1, Number.NaN, 3]), fields)).toThrow(/const/);
    expect(() => normalize(computeNormStats(obs, fields), [1, 2])).toThrow(/2 values/);
  });
});
