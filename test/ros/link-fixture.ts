import { afterEach } from 'vitest';
import { RosLink } from '../../src/ros/link.ts';
import type { RosLinkOptions } from '../../src/ros/link.ts';
import { FakeClock } from '../fakes/fake-clock.ts';
import { RosbridgeFake } from '../fakes/rosbridge-fake.ts';
import { waitFor } from './wait.ts';

const cleanups: Array<() => unknown> = [];

/** Registers the file's cleanup: every link and fake made by `linkTo` is disposed after each test. */
export function useLinkCleanup(): void {
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });
}

export interface Fixture {
  fake: RosbridgeFake;
  clock: FakeClock;
  link: RosLink;
}

/**
 * A fake server, a FakeClock and a link with jitter-free backoff (not yet connected).
 * Stall detection is off unless asked for: these tests jump the FakeClock by seconds at
 * once, far faster than real pongs can come back (link-stall.test.ts covers it).
 */
export async function linkTo(options: Partial<RosLinkOptions> = {}): Promise<Fixture> {
  const fake = await RosbridgeFake.start();
  cleanups.push(() => fake.close());
  const clock = new FakeClock();
  const link = new RosLink({ clock, backoff: { random: () => 0.5 }, stallTimeoutMs: 0, ...options });
  cleanups.push(() => link.dispose());
  return { fake, clock, link };
}

export function track(cleanup: () => unknown): void {
  cleanups.push(cleanup);
}

export async function connectNow(f: Fixture): Promise<void> {
  f.link.connect(f.fake.url);
  await waitFor(() => f.link.isUp, `link up to ${f.fake.url}`);
}
