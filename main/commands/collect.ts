import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError, commandArgs, numberOpt, stringOpt } from '../args.ts';
import { scaledClock, systemClock } from '../../src/base/clock.ts';
import { WORLDS, type WorldName } from '../../src/app/contract.ts';
import { AppCore } from '../../src/app/core.ts';
import { ProfileStore } from '../../src/app/profile-store.ts';
import { SyntheticPad } from '../../src/app/synthetic-pad.ts';
import { MemoryTextStore } from '../../src/app/text-store.ts';
import { createPreciseTimer } from '../../src/control/precise-timer.ts';
import { Dataset } from '../../src/record/dataset.ts';
import { nodeRecordFs } from '../../src/record/node-record-fs.ts';
import { simStarter } from '../sim-thread.ts';
import { progressBar } from '../progress.ts';
import pkg from '../../package.json' with { type: 'json' };

const HELP = `intervene collect --out DIR [options]

Drives the built-in simulator headless with the synthetic operator (the simulator's
expert, delayed and noisy like a person, on a virtual gamepad) and records every
episode into the dataset DIR exactly as the app does: same recorder, same files,
same manifest. Round 0: demonstrations.

Options:
  --out DIR            dataset folder (created if missing)
  --world lane|forest  world (default lane)
  --episodes N         episodes to record (default 3)
  --seconds S          length of each episode in simulated seconds (default 30)
  --seed N             seed of the first episode; each next one adds 1 (default 1)
  --speed X            simulated seconds per wall second (default 4)
  --realtime           pace the run at wall-clock speed, as a live drive (same as --speed 1)
  --delay MS           the synthetic operator's reaction delay (default 250)
  --json               print the recorded episodes as JSON`;

export const collectCommand = {
  name: 'collect',
  summary: 'record demonstrations headless with the synthetic operator',
  async run(argv: string[]): Promise<number> {
    const args = commandArgs(argv, HELP, new Set(['help', 'json', 'realtime']), ['out', 'world', 'episodes', 'seconds', 'seed', 'speed', 'realtime', 'delay', 'json']);
    if (!args) return 0;
    const out = stringOpt(args, 'out', '');
    if (!out) throw new UsageError('--out DIR is required');
    const world = stringOpt(args, 'world', 'lane');
    if (!(WORLDS as readonly string[]).includes(world)) throw new UsageError(`--world must be one of ${WORLDS.join(', ')}`);
    const episodes = numberOpt(args, 'episodes', 3, (n) => Number.isInteger(n) && n >= 1 && n <= 10_000);
    const seconds = numberOpt(args, 'seconds', 30, (n) => n > 0 && n <= 3600);
    const seed = numberOpt(args, 'seed', 1, Number.isInteger);
    const speed = args.options.has('realtime') ? 1 : numberOpt(args, 'speed', 4, (n) => n >= 1 && n <= 20);
    const delayMs = numberOpt(args, 'delay', 250, (n) => n >= 0 && n <= 2000);
    const json = args.options.has('json');

    const clock = speed === 1 ? systemClock : scaledClock(systemClock, speed);
    const dataset = await Dataset.open(resolve(out));
    const profiles = new ProfileStore(new MemoryTextStore());
    await profiles.load();
    const core = new AppCore({
      clock, linkClock: systemClock, simSpeed: speed, host: 'console', version: pkg.version, profiles,
      timer: createPreciseTimer({ clock }),
      startSim: simStarter(join(dirname(fileURLToPath(import.meta.url)), 'sim-worker.js')),
      record: { dataset, fs: nodeRecordFs, operator: 'synthetic' },
    });
    const bar = progressBar(json ? null : process.stderr, episodes);
    const recorded: string[] = [];
    try {
      await core.recover();
      for (let i = 0; i < episodes; i++) {
        bar.update(i, `episode ${i + 1}/${episodes} (seed ${seed + i})`);
        await core.connect({ kind: 'sim', world: world as WorldName, seed: seed + i });
        await until(() => core.current()?.link.isUp === true && core.current()?.sensors.expert !== null, 10_000);
        const pad = new SyntheticPad({
          clock, hub: core.hub, delayMs, seed: seed + i,
          expert: () => core.current()?.sensors.expert ?? null,
          mapping: () => core.activeProfile()?.mapping ?? null,
        });
        pad.start();
        await new Promise((r) => setTimeout(r, (seconds * 1000) / speed));
        pad.dispose();
        await core.disconnect();
        const last = dataset.list().at(-1);
        if (last) recorded.push(last.id);
      }
      bar.done(`${episodes} episodes recorded into ${dataset.root}`);
    } finally {
      await core.dispose();
    }
    const entries = dataset.list().filter((e) => recorded.includes(e.id));
    if (json) {
      console.log(JSON.stringify({ dataset: dataset.root, world, speed, episodes: entries }));
    } else {
      for (const e of entries) {
        console.log(`${e.id}  ${e.duration_s.toFixed(1)} s  ${e.distance_m.toFixed(1)} m  ${e.frames} frames  collisions ${e.collisions ?? '-'}  departures ${e.departures ?? '-'}`);
      }
    }
    return entries.length === episodes ? 0 : 1;
  },
};

async function until(ok: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error('the simulator did not come up in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
