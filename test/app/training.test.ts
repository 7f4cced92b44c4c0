import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
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
import { keys, poseX, sleep, until } from './core-fixture.ts';

const root = join(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'intervene-train-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('retraining in the app: demonstrations -> model -> the new model drives', () => {
  it('trains in a worker on recorded episodes, saves a checkpoint, and drives gated with it', async () => {
    const collect = spawnSync(process.execPath, [join(root, 'bin', 'intervene.js'), 'collect', '--out', dir, '--episodes', '3', '--seconds', '12', '--speed', '4'], { cwd: root, encoding: 'utf8', timeout: 90_000 });
    expect(collect.status, collect.stderr).toBe(0);

    const profiles = new ProfileStore(new MemoryTextStore());
    await profiles.load();
    const dataset = await Dataset.open(dir);
    const core = new AppCore({
      clock: systemClock, host: 'console', version: 'test', profiles,
      startSim: ({ world, seed }) => startSimulator({ world, seed, port: 0 }),
      record: { dataset, fs: nodeRecordFs, operator: 'test' },
      trainWorker: join(root, 'dist', 'train-worker.js'),
    });
    try {
      await core.handle('train', { preset: 'bc' });
      const done = await until(() => core.state().training, (t) => t.state === 'done' || t.state === 'failed', 120_000, 'training to finish');
      expect(done.error).toBeNull();
      expect(done.state).toBe('done');
      expect(done.backend).not.toBeNull();
      expect(done.history.length).toBeGreaterThan(1);
      const models = await core.handle('listModels', undefined) as Array<{ version: string; active: boolean }>;
      expect(models).toMatchObject([{ version: 'v1', active: true }]);
      expect(existsSync(join(dir, 'models', 'v1', 'model.json'))).toBe(true);

      await core.connect({ kind: 'sim', world: 'lane', seed: 11 });
      await until(() => core.state(), (s) => s.link.status === 'connected' && s.pose !== null, 8000, 'connected');
      expect(core.state().policy.version).toBe('v1');
      await core.handle('setMode', { mode: 'gated' });
      const start = poseX(core.state());
      const pad = setInterval(() => void core.handle('input', keys({ enable: false })), 40);
      try {
        await until(() => core.state().driver, (d) => d === 'policy', 5000, 'the policy to drive');
        await sleep(2500);
        expect(core.state().policy.doubt).not.toBeNull();
        // The model learned to drive forward along the road from the demonstrations.
        expect(poseX(core.state()) - start).toBeGreaterThan(0.5);
      } finally {
        clearInterval(pad);
      }
    } finally {
      await core.dispose();
    }
  }, 240_000);
});
