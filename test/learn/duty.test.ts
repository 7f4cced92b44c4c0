import { describe, expect, it } from 'vitest';
import { dutyCycle } from '../../src/learn/duty.ts';

const spin = (ms: number) => {
  const end = performance.now() + ms;
  while (performance.now() < end) { /* work */ }
};

describe('dutyCycle', () => {
  it('rests so that work takes about `duty` of the time; duty 1 never rests', () => {
    const rest = dutyCycle(0.5);
    const t0 = performance.now();
    for (let i = 0; i < 20; i++) {
      spin(2);
      rest();
    }
    const half = performance.now() - t0;
    // 40 ms of work at duty 0.5: about 80 ms in all (scheduling noise only adds time).
    expect(half).toBeGreaterThan(70);
    const never = dutyCycle(1);
    const t1 = performance.now();
    for (let i = 0; i < 20; i++) {
      spin(2);
      never();
    }
    expect(performance.now() - t1).toBeLessThan(half);
    expect(() => dutyCycle(0)).toThrow(/duty/);
    expect(() => dutyCycle(1.5)).toThrow(/duty/);
  });
});
