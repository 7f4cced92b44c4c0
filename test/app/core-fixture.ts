import { systemClock } from '../../src/base/clock.ts';
import { AppCore, type StartSim } from '../../src/app/core.ts';
import { ProfileStore } from '../../src/app/profile-store.ts';
import { MemoryTextStore } from '../../src/app/text-store.ts';
import type { LiveState, RendererInput } from '../../src/app/contract.ts';
import { startSimulator } from '../../src/sim/index.ts';
import { Btn } from '../../src/input/pad.ts';

export async function makeCore(startSim?: StartSim): Promise<AppCore> {
  const profiles = new ProfileStore(new MemoryTextStore());
  await profiles.load();
  return new AppCore({
    clock: systemClock,
    host: 'console',
    version: 'test',
    profiles,
    startSim: startSim ?? (({ world, seed }) => startSimulator({ world, seed, port: 0, speed: 1 })),
  });
}

/** The keyboard as the renderer reports it: Shift = LB (enable), W = stick up. */
export function keys(opts: { enable: boolean; forward?: number; turn?: number }): RendererInput {
  const buttons = new Array<number>(17).fill(0);
  if (opts.enable) buttons[Btn.LB] = 1;
  return { sourceId: 'keyboard', kind: 'keyboard', label: 'Keyboard', axes: [opts.turn ?? 0, -(opts.forward ?? 0), 0, 0], buttons };
}

export async function until<T>(read: () => T, ok: (v: T) => boolean, ms = 5000, what = 'condition'): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = read();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; last value ${JSON.stringify(v)?.slice(0, 300)}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function poseX(s: LiveState): number {
  return s.pose?.position.x ?? NaN;
}
