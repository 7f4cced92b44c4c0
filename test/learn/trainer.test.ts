import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BackendChoice } from '../../src/learn/backends.ts';
import { benchLearning } from '../../src/learn/bench.ts';
import { startTraining, TrainerError } from '../../src/learn/trainer.ts';
import type { TrainProgress } from '../../src/learn/train.ts';
import { knownData, SMALL } from './learn-fixture.ts';

// Under node_modules so the bundle's external TF.js packages resolve as they will in dist/.
const outDir = join(import.meta.dirname, '../../node_modules/.cache/intervene-learn-test');
const bundle = join(outDir, 'train-worker.mjs');
const train = { ensemble: SMALL, batchSize: 64 };

describe('trainer (worker thread)', () => {
  beforeAll(async () => {
    mkdirSync(outDir, { recursive: true });
    await build({
      entryPoints: [join(import.meta.dirname, '../../src/learn/train-worker.ts')], outfile: bundle, bundle: true,
      platform: 'node', format: 'esm', target: 'node20', logLevel: 'warning', external: ['@tensorflow/*'],
    });
  }, 30_000);

  it('trains in the worker, reporting its backend and progress', async () => {
    const job = startTraining(knownData(400, 1), { workerUrl: bundle, backend: 'cpu', train: { ...train, epochs: 4, patience: 99 } });
    const progress: TrainProgress[] = [];
    const backends: BackendChoice[] = [];
    job.progress.on((p) => progress.push(p));
    job.backend.on((b) => backends.push(b));
    const result = await job.result;
    expect(backends.map((b) => b.chosen)).toEqual(['cpu']);
    expect(result.backend.reason).toContain('pinned');
    expect(progress.map((p) => p.epoch)).toEqual([1, 2, 3, 4]);
    expect(result.weights.members).toHaveLength(3);
    expect(result.metrics.epochsRun).toBe(4);
  }, 30_000);

  it('cancel hands back the best weights so far', async () => {
    const job = startTraining(knownData(400, 1), { workerUrl: bundle, backend: 'cpu', train: { ...train, epochs: 500, patience: 500 } });
    job.progress.on((p) => { if (p.epoch === 2) job.cancel(); });
    const result = await job.result;
    expect(result.cancelled).toBe(true);
    expect(result.metrics.epochsRun).toBeLessThan(10);
  }, 30_000);

  it('cancel stops within the epoch, between batches', async () => {
    // One long epoch (many small batches): a cancel read only between epochs would let it finish.
    const job = startTraining(knownData(60_000, 2), { workerUrl: bundle, backend: 'cpu', train: { ...train, batchSize: 16, epochs: 1, valFraction: 0 } });
    const progress: TrainProgress[] = [];
    job.progress.on((p) => progress.push(p));
    job.backend.on(() => { setTimeout(() => job.cancel(), 200); });
    const result = await job.result;
    expect(result.cancelled).toBe(true);
    expect(result.metrics.epochsRun).toBe(0);
    expect(progress).toEqual([]);
  }, 60_000);

  it('a worker that dies rejects with a clear error instead of hanging', async () => {
    const dying = join(outDir, 'dying-worker.mjs');
    writeFileSync(dying, 'process.exit(7);\n');
    const job = startTraining(knownData(50, 1), { workerUrl: dying, backend: 'cpu' });
    await expect(job.result).rejects.toThrow(/training worker exited \(code 7\) before finishing/);
    await expect(job.result).rejects.toBeInstanceOf(TrainerError);
  });

  it('a worker that throws at start rejects as crashed', async () => {
    const throwing = join(outDir, 'throwing-worker.mjs');
    writeFileSync(throwing, 'throw new Error("boom in worker");\n');
    const job = startTraining(knownData(50, 1), { workerUrl: throwing });
    await expect(job.result).rejects.toMatchObject({ kind: 'crashed', message: expect.stringMatching(/crashed: boom in worker/) as unknown });
  });

  it('a silent worker is declared hung after hangMs and ended', async () => {
    const job = startTraining(knownData(50, 1), { workerUrl: bundle, backend: 'cpu', hangMs: 1500, stallAfterBackend: true, train });
    const started = performance.now();
    await expect(job.result).rejects.toMatchObject({ kind: 'hung', message: 'training worker hung: no progress for 2 s' });
    expect(performance.now() - started).toBeLessThan(10_000);
  }, 15_000);

  it('bench --learn reports throughput, inference and loop jitter from a worker run', async () => {
    const bench = await benchLearning({ frames: 600, epochs: 1, inferSteps: 500, noTorch: true, workerUrl: bundle, backend: 'cpu' });
    expect(bench).toMatchObject({
      backend: 'cpu', torch_samples_per_s: null, ratio_vs_torch: null,
      ensemble: { members: 5, hidden: [64, 64], batch: 256, frames: 600, epochs: 1, obs_dim: 40, act_dim: 4 },
    });
    expect(bench.train_samples_per_s).toBeGreaterThan(0);
    expect(bench.infer_p99_ms).toBeGreaterThan(0);
    expect(bench.loop_jitter_p99_ms_while_training).toBeTypeOf('number');
    // The yardstick spins under a second training job; the ratio is the loop's against it.
    expect(bench.yardstick_busy_wait_jitter_p99_ms_while_training).toBeGreaterThanOrEqual(0);
    expect(bench.loop_jitter_vs_yardstick === null || bench.loop_jitter_vs_yardstick > 0).toBe(true);
  }, 30_000);
});
