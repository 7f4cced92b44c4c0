import { describe, expect, it } from 'vitest';
import { DoubtThreshold } from '../../src/control/doubt-threshold.ts';

describe('DoubtThreshold', () => {
  it('calibrates from doubt at takeovers (HG-DAgger) once there are enough of them', () => {
    const t = new DoubtThreshold();
    t.noteTakeover(0.5);
    t.noteTakeover(0.7);
    expect(t.value()).toBeNull();
    expect(t.asking(10)).toBe(false);
    t.noteTakeover(0.9);
    t.noteTakeover(1.1);
    // 25th percentile of [0.5, 0.7, 0.9, 1.1]
    expect(t.value()).toBeCloseTo(0.65, 6);
    expect(t.asking(0.6)).toBe(false);
    expect(t.asking(0.66)).toBe(true);
  });

  it('targets a request rate (ThriftyDAgger) over autonomous doubts', () => {
    const t = new DoubtThreshold();
    t.configure({ source: 'rate', value: 0.1 });
    for (let i = 0; i < 1000; i++) t.noteAutonomous(i / 1000);
    const v = t.value()!;
    expect(v).toBeCloseTo(0.9, 2);
    let asks = 0;
    for (let i = 0; i < 1000; i++) if (t.asking(i / 1000)) asks++;
    expect(asks / 1000).toBeCloseTo(0.1, 1);
  });

  it('takes a manual value and refuses nonsense', () => {
    const t = new DoubtThreshold();
    t.configure({ source: 'manual', value: 0.3 });
    expect(t.value()).toBe(0.3);
    expect(() => t.configure({ source: 'rate', value: 2 })).toThrow(/between 0 and 1/);
    expect(() => t.configure({ source: 'manual', value: Number.NaN })).toThrow(/manual/);
  });
});
