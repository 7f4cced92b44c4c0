import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { activate } from '../../src/learn/backends.ts';
import { policyFromCheckpoint } from '../../src/learn/checkpoint.ts';
import { ACTION_STD_FLOOR } from '../../src/learn/observation-norm.ts';
import { train, type TrainData, type TrainProgress } from '../../src/learn/train.ts';
import { knownData, SMALL, target } from './learn-fixture.ts';

/** Mean squared error of a trained policy on fresh rows of the known function. */
function heldOutError(result: Awaited<ReturnType<typeof train>>, held: TrainData): number {
  const policy = policyFromCheckpoint(result);
  let sum = 0;
  const n = held.weight.length;
  for (let i = 0; i < n; i++) {
    const x = held.obs.subarray(i * 3, i * 3 + 3);
    const { action } = policy.act(x);
    const want = target(x);
    sum += ((action[0] as number) - want[0]) ** 2 + ((action[1] as number) - want[1]) ** 2;
  }
  return sum / (2 * n);
}

describe('train', () => {
  beforeAll(async () => { expect(await activate('cpu')).toBeNull(); });

  it('lowers the loss on a held-out set of a known function, with progress per epoch', async () => {
    const held = knownData(300, 99);
    const untrained = await train(knownData(1200, 1), { ensemble: SMALL, epochs: 1, learningRate: 1e-9, batchSize: 64 });
    const progress: TrainProgress[] = [];
    const trained = await train(knownData(1200, 1), { ensemble: SMALL, epochs: 25, batchSize: 64, learningRate: 5e-3 }, { onProgress: (p) => progress.push(p) });
    expect(heldOutError(trained, held)).toBeLessThan(heldOutError(untrained, held) / 5);
    expect(progress.length).toBe(trained.metrics.epochsRun);
    expect(progress[0]?.valLoss).toBeGreaterThan(trained.metrics.valLoss ?? Infinity);
    expect(trained.metrics.splitByEpisode).toBe(true);
    expect(trained.metrics.valFrames).toBeGreaterThan(0);
    // Progress says what the losses are over; actions are scaled with a floor (observations are not).
    expect(progress[0]?.split).toEqual({ trainFrames: trained.metrics.trainFrames, valFrames: trained.metrics.valFrames, byEpisode: true });
    expect(trained.actNorm.floor).toBe(ACTION_STD_FLOOR);
    expect(trained.obsNorm.floor).toBeUndefined();
  }, 30_000);

  it('lets heavily weighted frames dominate the fit', async () => {
    // The same inputs twice with opposite labels; the weights decide which one wins.
    const base = knownData(400, 3);
    const n = 400;
    const obs = new Float32Array(2 * n * 3); obs.set(base.obs); obs.set(base.obs, n * 3);
    const act = new Float32Array(2 * n * 2).fill(1); act.fill(-1, n * 2);
    const fit = async (heavyFirst: boolean) => {
      const weight = Float32Array.from({ length: 2 * n }, (_, i) => ((i < n) === heavyFirst ? 1.8 : 0.2));
      const result = await train({ ...base, obs, act, weight, episodes: null }, { ensemble: SMALL, epochs: 15, batchSize: 64, learningRate: 5e-3, valFraction: 0 });
      return policyFromCheckpoint(result).act([0.1, 0.2, 0.3]).action[0] as number;
    };
    expect(await fit(true)).toBeGreaterThan(0.6);
    expect(await fit(false)).toBeLessThan(-0.6);
  }, 30_000);

  it('doubts more off the training distribution than on it', async () => {
    const result = await train(knownData(800, 5), { ensemble: { ...SMALL, members: 5 }, epochs: 20, batchSize: 64, learningRate: 5e-3 });
    const policy = policyFromCheckpoint(result);
    const on = [[0.1, -0.2, 0.3], [-0.5, 0.5, 0], [0.7, 0.1, -0.6]].map((x) => policy.act(x).doubt);
    const off = [[6, -6, 6], [-8, 5, 7], [9, 9, -9]].map((x) => policy.act(x).doubt);
    expect(Math.min(...off)).toBeGreaterThan(3 * Math.max(...on));
  }, 30_000);

  it('warm-starts from a previous result and stops when asked', async () => {
    const data = knownData(600, 8);
    const first = await train(data, { ensemble: SMALL, epochs: 15, batchSize: 64, learningRate: 5e-3 });
    const losses: number[] = [];
    await train(data, { ensemble: SMALL, epochs: 1, batchSize: 64, warmStart: first }, { onProgress: (p) => losses.push(p.valLoss ?? NaN) });
    const fresh: number[] = [];
    await train(data, { ensemble: SMALL, epochs: 1, batchSize: 64 }, { onProgress: (p) => fresh.push(p.valLoss ?? NaN) });
    expect(losses[0]).toBeLessThan((fresh[0] as number) / 2);

    let batches = 0;
    const stopped = await train(data, { ensemble: SMALL, epochs: 50, batchSize: 64 }, { shouldStop: () => ++batches >= 3 });
    expect(stopped.cancelled).toBe(true);
    expect(stopped.metrics.epochsRun).toBe(0);
  }, 30_000);

  it('stops before an epoch that would run past maxSeconds, keeping the best weights', async () => {
    const data = knownData(600, 9);
    let t = 0;
    // A clock where every epoch takes 10 s: a 25 s budget allows two, not a third.
    const clock = { now: () => t };
    const result = await train(data, { ensemble: SMALL, epochs: 20, batchSize: 64, patience: 100, maxSeconds: 25 }, {
      clock, onProgress: () => undefined, rest: () => { t += 10_000 / Math.ceil(480 / 64); },
    });
    expect(result.metrics.epochsRun).toBe(2);
    expect(result.metrics.stoppedForTime).toBe(true);
    expect(result.cancelled).toBe(false);
  }, 30_000);
});

describe('train and memory', () => {
  it('leaves no tensors behind', async () => {
    expect(await activate('cpu')).toBeNull();
    const before = tf.memory().numTensors;
    await train(knownData(200, 4), { ensemble: SMALL, epochs: 2, batchSize: 64 });
    expect(tf.memory().numTensors).toBe(before);
  });
});
