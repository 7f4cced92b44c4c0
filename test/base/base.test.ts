import { describe, expect, it } from 'vitest';
import { DisposableStore } from '../../src/base/disposable.ts';
import { Emitter } from '../../src/base/emitter.ts';
import { ProblemSet } from '../../src/base/problem.ts';
import { FakeClock } from '../fakes/fake-clock.ts';

describe('base primitives', () => {
  it('Emitter reaches every listener even when one throws', () => {
    const errors: unknown[] = [];
    const e = new Emitter<number>((err) => errors.push(err));
    const seen: number[] = [];
    e.on(() => {
      throw new Error('boom');
    });
    const off = e.on((v) => seen.push(v));
    e.fire(1);
    off();
    e.fire(2);
    expect(seen).toEqual([1]);
    expect(errors).toHaveLength(2);
  });

  it('DisposableStore releases in reverse order, once, and past a failing release', () => {
    const order: string[] = [];
    const store = new DisposableStore();
    store.add(() => order.push('a'));
    store.add(() => {
      throw new Error('x');
    });
    store.add({ dispose: () => order.push('c') });
    store.dispose();
    store.dispose();
    expect(order).toEqual(['c', 'a']);
    store.add(() => order.push('late'));
    expect(order).toEqual(['c', 'a', 'late']);
  });

  it('ProblemSet keeps the first time a problem was raised and sorts errors first', () => {
    const clock = new FakeClock();
    const problems = new ProblemSet(() => clock.now());
    let changes = 0;
    problems.onChange(() => changes++);
    problems.raise({ key: 'a', severity: 'info', message: 'm' });
    clock.advance(100);
    problems.raise({ key: 'b', severity: 'error', message: 'n' });
    problems.raise({ key: 'a', severity: 'info', message: 'm' });
    expect(changes).toBe(2);
    expect(problems.list().map((p) => p.key)).toEqual(['b', 'a']);
    problems.raise({ key: 'a', severity: 'warning', message: 'm2' });
    expect(problems.list().find((p) => p.key === 'a')?.since).toBe(0);
    problems.clearPrefix('a');
    expect(problems.has('a')).toBe(false);
  });
});

describe('scaledClock', () => {
  it('runs time and timers faster by the factor', async () => {
    const { scaledClock } = await import('../../src/base/clock.ts');
    const base = new FakeClock();
    const fast = scaledClock(base, 4);
    let fired = -1;
    fast.setTimeout(() => (fired = fast.now()), 100);
    base.advance(24);
    expect(fired).toBe(-1);
    base.advance(1);
    expect(fired).toBe(100);
    expect(() => scaledClock(base, 0)).toThrow(/factor/);
  });
});
