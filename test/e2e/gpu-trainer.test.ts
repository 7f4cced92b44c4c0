import { describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { EnsemblePolicy } from '../../src/learn/ensemble.ts';
import { startTrainingOn, TrainerError } from '../../src/learn/trainer.ts';
import type { TrainProgress } from '../../src/learn/train.ts';
import { knownData, SMALL } from '../learn/learn-fixture.ts';
import { launchChromium, useTrainerPages } from './gpu-page-channel.ts';

/**
 * The GPU trainer page (the desktop app's hidden window) in a real Chromium. This machine
 * has no GPU: Chromium's WebGPU runs on SwiftShader, a CPU emulation, which is slow but
 * runs the same TF.js WebGPU kernels and the same readbacks a real adapter would.
 */
describe('GPU trainer page', () => {
  const pages = useTrainerPages();
  const open = (b?: Browser) => pages.open(b);

  it('trains the ensemble on WebGPU, reporting the adapter, progress and a falling loss', async () => {
    const { page, channel, consoleErrors } = await open();
    const data = knownData(400, 1);
    // Ten batches an epoch: past what one WebGPU shader can sum at once (8 storage buffers).
    const job = startTrainingOn(channel, data, { train: { ensemble: SMALL, batchSize: 32, epochs: 5, patience: 99, learningRate: 1e-2 }, hangMs: 120_000 });
    const progress: TrainProgress[] = [];
    job.progress.on((p) => progress.push(p));
    const result = await job.result;
    expect(result.backend.chosen).toBe('webgpu');
    expect(result.backend.reason).toMatch(/^webgpu on .+; \d+k samples\/s$/);
    // SwiftShader is named, and called what it is.
    expect(result.backend.reason).toMatch(/software adapter/);
    expect(progress.map((p) => p.epoch)).toEqual([1, 2, 3, 4, 5]);
    const first = progress[0] as TrainProgress, last = progress[4] as TrainProgress;
    // Losses read back asynchronously: a synchronous read returns zeros on this adapter.
    expect(first.trainLoss).toBeGreaterThan(0);
    expect(last.valLoss as number).toBeGreaterThan(0);
    expect(last.valLoss as number).toBeLessThan((first.valLoss as number) * 0.8);
    expect(last.trainLoss).toBeLessThan(first.trainLoss);
    // The train loss is the same weighted MSE as the validation loss: the same order of size.
    expect(last.trainLoss).toBeLessThan((last.valLoss as number) * 3);
    expect(last.trainLoss).toBeGreaterThan((last.valLoss as number) / 3);
    // No WebGPU validation errors, no synchronous reads.
    expect(consoleErrors).toEqual([]);
    // The weights come back as arrays the control loop can run.
    const policy = new EnsemblePolicy(result.weights, result.obsNorm, result.actNorm);
    const out = policy.act(data.obs.subarray(0, 3));
    expect(out.action).toHaveLength(2);
    expect(out.action.every(Number.isFinite)).toBe(true);
    expect(Number.isFinite(out.doubt)).toBe(true);
    expect(await page.locator('#status').textContent()).toBe('done');
    await page.close();
  }, 180_000);

  it('cancel hands back the best weights so far', async () => {
    const { page, channel } = await open();
    const job = startTrainingOn(channel, knownData(200, 2), { train: { ensemble: SMALL, batchSize: 64, epochs: 500, patience: 500 }, hangMs: 120_000 });
    job.progress.on((p) => { if (p.epoch === 1) job.cancel(); });
    const result = await job.result;
    expect(result.cancelled).toBe(true);
    expect(result.metrics.epochsRun).toBeGreaterThanOrEqual(1);
    expect(result.metrics.epochsRun).toBeLessThan(20);
    await page.close();
  }, 180_000);

  it('says why when there is no WebGPU', async () => {
    const plain = await launchChromium(false);
    try {
      const { channel } = await open(plain);
      const job = startTrainingOn(channel, knownData(100, 3), { train: { ensemble: SMALL, epochs: 1 }, hangMs: 60_000 });
      const err = await job.result.catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TrainerError);
      expect((err as TrainerError).kind).toBe('failed');
      expect((err as TrainerError).message).toMatch(/webgpu: no GPU adapter/);
    } finally {
      await plain.close();
    }
  }, 60_000);

  it('a page that dies mid-job is a crash, not a hang', async () => {
    const { page, channel } = await open();
    const job = startTrainingOn(channel, knownData(200, 4), { train: { ensemble: SMALL, batchSize: 64, epochs: 500, patience: 500 }, hangMs: 120_000 });
    job.progress.on((p) => { if (p.epoch === 1) void page.close(); });
    const err = await job.result.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TrainerError);
    expect((err as TrainerError).kind).toBe('crashed');
    expect((err as TrainerError).message).toMatch(/GPU trainer page closed/);
  }, 180_000);
});
