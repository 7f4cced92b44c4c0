import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/base/clock.ts';
import { ProblemSet } from '../../src/base/problem.ts';
import { PolicyService } from '../../src/app/policy-service.ts';
import { TrainingService } from '../../src/app/training-service.ts';
import type { GpuHost } from '../../src/learn/gpu-route.ts';
import type { BackendName } from '../../src/learn/backends.ts';
import { loadCheckpoint } from '../../src/learn/checkpoint.ts';
import { Dataset } from '../../src/record/dataset.ts';
import { addEpisode, bundleWorker } from '../learn/dataset-fixture.ts';
import { SMALL, tempDir } from '../learn/learn-fixture.ts';
import { until } from '../app/core-fixture.ts';
import { useTrainerPages } from './gpu-page-channel.ts';

/**
 * The training service with the GPU page as the desktop app wires it (one page per job,
 * as a hidden window would serve them), in a real Chromium whose WebGPU is SwiftShader.
 */
describe('training with the GPU window', () => {
  const tmp = tempDir('gpu-training');
  const pages = useTrainerPages();
  let worker = '';
  let opened = 0;
  const gpu: GpuHost = {
    async open() {
      opened++;
      return (await pages.open()).channel;
    },
  };

  beforeAll(async () => {
    worker = await bundleWorker();
  }, 30_000);
  afterAll(() => tmp.cleanup());

  async function service(name: string, backend: BackendName | null) {
    const dataset = await Dataset.open(join(tmp.dir, name));
    await addEpisode(dataset, 'demo', 0, 600);
    const problems = new ProblemSet(() => performance.now());
    const training = new TrainingService({
      clock: systemClock, dataset, problems, policy: new PolicyService({ problems }), workerUrl: worker, onModels: () => {},
      backend, gpu, train: { ensemble: SMALL, epochs: 2, batchSize: 128 },
    });
    return { dataset, training, problems };
  }

  const ended = (t: TrainingService) => until(() => t.state(), (s) => s.state === 'done' || s.state === 'failed', 150_000, 'training to end');

  it('pinned to webgpu: the page trains, and the checkpoint says so', async () => {
    const { dataset, training } = await service('pinned', 'webgpu');
    expect(training.state()).toMatchObject({ pin: 'webgpu', pinnable: ['tfjs-node-gpu', 'tfjs-node', 'wasm', 'cpu', 'webgpu'] });
    const before = opened;
    await training.start('bc');
    const done = await ended(training);
    expect(done).toMatchObject({ state: 'done', error: null, backend: 'webgpu' });
    expect(done.backendReason).toMatch(/^webgpu \(pinned by the user\); on .*software adapter/);
    expect(opened).toBe(before + 1);
    const cp = await loadCheckpoint(join(dataset.modelsDir, 'v1'));
    expect(cp.backend).toBe('webgpu');
    expect(cp.metrics?.trainLoss).toBeGreaterThan(0);
    const [model] = await training.listModels();
    expect(model).toMatchObject({ version: 'v1', backend: 'webgpu', active: true });
  }, 200_000);

  it('unpinned: WebGPU is measured against the worker, the faster trains, and the next run goes straight there', async () => {
    const { training } = await service('measured', null);
    const before = opened;
    await training.start('bc');
    const first = await ended(training);
    expect(first.state).toBe('done');
    expect(opened).toBe(before + 1);
    // The reason names both sides with their measured rates, whichever won.
    expect(first.backendReason).toMatch(/webgpu: \d+k? samples\/s on .*software adapter/);
    expect(first.backendReason).toMatch(/wasm: \d+k? samples\/s/);
    const scale = { '': 1, k: 1e3, M: 1e6 } as Record<string, number>;
    const rates = Object.fromEntries([...(first.backendReason ?? '').matchAll(/(webgpu|wasm|cpu): ([\d.]+)(k|M)? samples\/s/g)]
      .map((m) => [m[1] as string, Number(m[2]) * (scale[m[3] ?? ''] as number)]));
    expect(Object.keys(rates).sort()).toEqual(['cpu', 'wasm', 'webgpu']);
    // The chosen one measured fastest (the rates are printed rounded: ties allowed).
    for (const r of Object.values(rates)) expect(rates[first.backend as string]).toBeGreaterThanOrEqual(r);

    await training.start('bc');
    const second = await ended(training);
    expect(second.state).toBe('done');
    // The GPU again if it won; otherwise the worker, which measures its own backends each run.
    if (first.backend === 'webgpu') expect(second.backend).toBe('webgpu');
    else expect(['wasm', 'cpu']).toContain(second.backend);
    // When the worker won, the panel still says what the GPU measured.
    if (first.backend !== 'webgpu') expect(second.backendReason).toMatch(/webgpu: \d+k? samples\/s on .*\(earlier this session\)$/);
    // Measured once a session: no second trial page when the worker won; the GPU page again when it did.
    expect(opened).toBe(before + (first.backend === 'webgpu' ? 2 : 1));
  }, 300_000);
});
