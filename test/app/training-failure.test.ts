import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/base/clock.ts';
import { AppCore } from '../../src/app/core.ts';
import { ProfileStore } from '../../src/app/profile-store.ts';
import { MemoryTextStore } from '../../src/app/text-store.ts';
import { Dataset } from '../../src/record/dataset.ts';
import { nodeRecordFs } from '../../src/record/node-record-fs.ts';
import { startSimulator } from '../../src/sim/index.ts';
import { SyntheticPad } from '../../src/app/synthetic-pad.ts';
import { keys, poseX, sleep, until } from './core-fixture.ts';

const dir = mkdtempSync(join(tmpdir(), 'intervene-trainfail-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a training worker that dies', () => {
  it('becomes a problem in the HUD while driving stays safe and the app stays usable', async () => {
    // A worker that dies at once, as one killed by the OS would.
    const crashing = join(dir, 'crashing-worker.mjs');
    writeFileSync(crashing, 'process.exit(9);\n');
    const profiles = new ProfileStore(new MemoryTextStore());
    await profiles.load();
    const dataset = await Dataset.open(join(dir, 'ds'));
    const core = new AppCore({
      clock: systemClock, host: 'console', version: 'test', profiles,
      startSim: ({ world, seed }) => startSimulator({ world, seed, port: 0 }),
      record: { dataset, fs: nodeRecordFs, operator: 'test' },
      trainWorker: crashing,
    });
    try {
      await core.connect({ kind: 'sim', world: 'lane', seed: 3 });
      await until(() => core.state(), (s) => s.link.status === 'connected' && s.pose !== null && core.current()?.sensors.expert != null, 8000, 'connected');
      // Record a short demonstration so there is something to train on.
      const pad = new SyntheticPad({ clock: systemClock, hub: core.hub, seed: 1, expert: () => core.current()?.sensors.expert ?? null, mapping: () => core.activeProfile()?.mapping ?? null });
      pad.start();
      await sleep(8000);
      pad.dispose();
      await core.handle('newEpisode', undefined);
      await until(() => dataset.list().length, (n) => n === 1, 5000, 'the episode in the dataset');

      await core.handle('train', { preset: 'hgdagger' });
      const failed = await until(() => core.state().training, (t) => t.state === 'failed', 20_000, 'training to fail');
      expect(failed.error).toMatch(/worker/i);
      expect(core.state().problems.map((p) => p.key)).toContain('train');
      expect(core.state().policy.version).toBeNull();

      // Nothing moved on its own, and the operator can still drive.
      expect(core.state().driver).toBe('none');
      await core.handle('input', keys({ enable: false }));
      const before = poseX(core.state());
      for (let i = 0; i < 20; i++) {
        await core.handle('input', keys({ enable: true, forward: 1 }));
        await sleep(30);
      }
      expect(poseX(core.state()) - before).toBeGreaterThan(0.1);
      await core.handle('input', keys({ enable: false }));
    } finally {
      await core.dispose();
    }
  }, 60_000);
});
