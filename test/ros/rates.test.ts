import { describe, it, expect } from 'vitest';
import { TopicRates } from '../../src/ros/rates.ts';
import { FakeClock } from '../fakes/fake-clock.ts';

function feed(clock: FakeClock, rates: TopicRates, topic: string, hz: number, ms: number): void {
  const step = 1000 / hz;
  for (let t = 0; t < ms; t += step) {
    clock.advance(step);
    rates.record(topic);
  }
}

describe('TopicRates', () => {
  it('measures the rate over a sliding window, while filling and when full', () => {
    const clock = new FakeClock();
    const rates = new TopicRates(() => clock.now());
    rates.record('/odom');
    expect(rates.health('/odom')).toEqual({ topic: '/odom', rateHz: 0, ageS: 0, stale: false });
    feed(clock, rates, '/odom', 50, 500);
    expect(rates.health('/odom').rateHz).toBeCloseTo(50, 5);
    clock.advance(10);
    expect(rates.health('/odom').rateHz).toBeCloseTo(50, 5);
    feed(clock, rates, '/odom', 50, 5000);
    expect(rates.health('/odom').rateHz).toBeCloseTo(50, 5);
    feed(clock, rates, '/odom', 10, 4000);
    expect(rates.health('/odom').rateHz).toBeCloseTo(10, 5);
  });

  it('goes stale after three learned periods, but never sooner than 1 s', () => {
    const clock = new FakeClock();
    const rates = new TopicRates(() => clock.now());
    feed(clock, rates, '/fast', 50, 2000);
    expect(rates.staleAfterMs('/fast')).toBe(1000);
    clock.advance(1000);
    expect(rates.health('/fast').stale).toBe(false);
    clock.advance(1);
    expect(rates.health('/fast')).toMatchObject({ stale: true, ageS: 1.001 });

    const slow = new FakeClock();
    const slowRates = new TopicRates(() => slow.now());
    feed(slow, slowRates, '/map', 0.5, 20_000);
    expect(slowRates.staleAfterMs('/map')).toBeCloseTo(6000, 5);
    slow.advance(6000);
    expect(slowRates.health('/map').stale).toBe(false);
    slow.advance(1);
    expect(slowRates.health('/map').stale).toBe(true);
    // The rate decays to zero once the window holds nothing.
    expect(slowRates.health('/map').rateHz).toBe(0);
  });

  it('a configured rate wins over the learned one; one outage barely moves the learned one', () => {
    const clock = new FakeClock();
    const rates = new TopicRates(() => clock.now());
    feed(clock, rates, '/scan', 2, 10_000);
    expect(rates.staleAfterMs('/scan')).toBeCloseTo(1500, 5);
    clock.advance(30_000);
    rates.record('/scan');
    // 500 ms + 20% of (2 x 500 - 500): the gap is capped, so one outage cannot hide the next.
    expect(rates.staleAfterMs('/scan')).toBeCloseTo(1800, 5);
    rates.expect('/scan', 0.2);
    expect(rates.staleAfterMs('/scan')).toBe(15_000);
    expect(() => rates.expect('/scan', 0)).toThrow(/\/scan/);
  });

  it('a topic never heard from is stale after 1 s from the (re)start', () => {
    const clock = new FakeClock();
    const rates = new TopicRates(() => clock.now());
    rates.expect('/cam', 30);
    clock.advance(999);
    expect(rates.health('/cam')).toEqual({ topic: '/cam', rateHz: 0, ageS: null, stale: false });
    clock.advance(2);
    expect(rates.health('/cam').stale).toBe(true);
    rates.restart();
    expect(rates.health('/cam').stale).toBe(false);
    expect(rates.health('/cam', false).stale).toBe(true);
    expect(rates.health('/unknown')).toEqual({ topic: '/unknown', rateHz: 0, ageS: null, stale: true });
  });
});
