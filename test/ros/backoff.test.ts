import { describe, it, expect } from 'vitest';
import { Backoff } from '../../src/ros/backoff.ts';

describe('Backoff', () => {
  it('doubles from 250 ms up to 5 s and starts over on reset', () => {
    const b = new Backoff({ random: () => 0.5 });
    expect(Array.from({ length: 8 }, () => b.next())).toEqual([250, 500, 1000, 2000, 4000, 5000, 5000, 5000]);
    b.reset();
    expect(b.next()).toBe(250);
  });

  it('spreads each delay by at most the jitter fraction', () => {
    expect(new Backoff({ random: () => 0 }).next()).toBe(225);
    expect(new Backoff({ random: () => 0.999999 }).next()).toBe(275);
    expect(new Backoff({ jitter: 0, random: () => 0 }).next()).toBe(250);
  });

  it('refuses nonsense settings', () => {
    expect(() => new Backoff({ initialMs: 0 })).toThrow(/initialMs/);
    expect(() => new Backoff({ initialMs: 500, maxMs: 100 })).toThrow(/500/);
    expect(() => new Backoff({ jitter: 1 })).toThrow(/jitter/);
  });
});
