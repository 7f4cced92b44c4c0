import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activate } from '../../src/learn/backends.ts';
import { loadCheckpoint, policyFromCheckpoint, saveCheckpoint, watermarkOf, type Checkpoint } from '../../src/learn/checkpoint.ts';
import { train } from '../../src/learn/train.ts';
import { knownData, SMALL, tempDir } from './learn-fixture.ts';

describe('checkpoints', () => {
  const tmp = tempDir('checkpoint');
  let saved: Checkpoint;
  beforeAll(async () => {
    expect(await activate('cpu')).toBeNull();
    const data = knownData(300, 2);
    const result = await train(data, { ensemble: SMALL, epochs: 3, batchSize: 64 });
    saved = { ...result, backend: 'cpu', watermark: watermarkOf(data.episodes ?? []), parent: 'v1', createdMs: 1_700_000_000_000 };
  }, 30_000);
  afterAll(() => tmp.cleanup());

  it('save then load gives bit-identical outputs and the same metadata', async () => {
    const dir = join(tmp.dir, 'models', 'v2');
    await saveCheckpoint(dir, saved);
    const loaded = await loadCheckpoint(dir);
    expect(loaded.weights).toEqual(saved.weights);
    expect(loaded.obsNorm).toEqual(saved.obsNorm);
    expect(loaded.actNorm).toEqual(saved.actNorm);
    expect(loaded.metrics).toEqual(saved.metrics);
    expect(loaded.watermark).toEqual({ episodes: { ep0: 50, ep1: 50, ep2: 50, ep3: 50, ep4: 50, ep5: 50 }, frames: 300 });
    expect([loaded.parent, loaded.backend, loaded.createdMs]).toEqual(['v1', 'cpu', 1_700_000_000_000]);
    const before = policyFromCheckpoint(saved), after = policyFromCheckpoint(loaded);
    const probe = knownData(20, 77);
    for (let i = 0; i < 20; i++) {
      const x = probe.obs.subarray(i * 3, i * 3 + 3);
      expect(Float32Array.from(after.act(x).action)).toEqual(Float32Array.from(before.act(x).action));
      expect(after.act(x)).toEqual(before.act(x));
    }
  });

  it('refuses a truncated weights file, naming the problem', async () => {
    const dir = join(tmp.dir, 'models', 'v3');
    await saveCheckpoint(dir, saved);
    writeFileSync(join(dir, 'weights.bin'), Buffer.alloc(12));
    await expect(loadCheckpoint(dir)).rejects.toThrow(/weights.bin holds 12 bytes/);
  });
});
