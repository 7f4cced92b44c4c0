import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { activate } from '../../src/learn/backends.ts';
import { EnsemblePolicy, type Activation } from '../../src/learn/ensemble.ts';
import { createTfEnsemble, initialWeights, seededRandom } from '../../src/learn/model.ts';
import { computeNormStats, normalize } from '../../src/learn/observation-norm.ts';
import { knownData } from './learn-fixture.ts';

describe('ensemble fast path', () => {
  beforeAll(async () => { expect(await activate('cpu')).toBeNull(); });

  for (const activation of ['relu', 'tanh'] as Activation[]) {
    it(`matches TF.js's forward pass within 1e-5 (${activation})`, () => {
      const random = seededRandom(11);
      const weights = initialWeights({ members: 4, hidden: [32, 24], activation }, 3, 2, random);
      // Non-zero biases, so a dropped bias would show.
      for (const layers of weights.members) for (const l of layers) l.b.forEach((_, j) => (l.b[j] = random() - 0.5));
      const data = knownData(50, 4);
      const obsNorm = computeNormStats(data.obs, data.obsFields), actNorm = computeNormStats(data.act, data.actionFields);
      const policy = new EnsemblePolicy(weights, obsNorm, actNorm);
      const model = createTfEnsemble(weights);
      const x = normalize(obsNorm, data.obs);
      for (let k = 0; k < 4; k++) {
        const expected = tf.tidy(() => model.forward(k, tf.tensor2d(x, [50, 3])).dataSync() as Float32Array);
        for (let i = 0; i < 50; i++) {
          const got = policy.memberOutput(k, x.subarray(i * 3, i * 3 + 3));
          for (let j = 0; j < 2; j++) expect(Math.abs((got[j] as number) - (expected[i * 2 + j] as number))).toBeLessThan(1e-5);
        }
      }
      model.dispose();
      expect(tf.memory().numTensors).toBe(0);
    });
  }

  it('acts with the members\' mean in action units and their spread as doubt', () => {
    const weights = initialWeights({ members: 2, hidden: [4], activation: 'relu' }, 1, 1, seededRandom(1));
    // Member outputs are constants (zero weights): 1 and 3 in normalised units.
    for (const [k, layers] of weights.members.entries()) {
      for (const l of layers) l.w.fill(0);
      (layers[1]?.b as Float32Array)[0] = k === 0 ? 1 : 3;
    }
    const norm = (mean: number, std: number) => ({ version: 1 as const, fields: ['f'], mean: [mean], std: [std] });
    const policy = new EnsemblePolicy(weights, norm(0, 1), norm(10, 2));
    const out = policy.act([0.5]);
    expect(out.action).toEqual([10 + 2 * 2]);
    expect(out.doubt).toBeCloseTo(1, 6);
    expect(() => policy.act([1, 2])).toThrow(/2 values, expected 1/);
  });

  it('takes well under 0.5 ms for one step of 5 x (64, 64) on 40 inputs', () => {
    const weights = initialWeights({ members: 5, hidden: [64, 64], activation: 'relu' }, 40, 4, seededRandom(3));
    const fields = Array.from({ length: 40 }, (_, i) => `f${i}`);
    const policy = new EnsemblePolicy(weights, computeNormStats(new Float32Array(40), fields), computeNormStats(new Float32Array(4), ['a', 'b', 'c', 'd']));
    const obs = Float32Array.from({ length: 40 }, (_, i) => Math.sin(i));
    for (let i = 0; i < 500; i++) policy.act(obs);
    const times: number[] = [];
    for (let i = 0; i < 2000; i++) {
      const t0 = performance.now();
      policy.act(obs);
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    expect(times[Math.floor(times.length * 0.5)]).toBeLessThan(0.5);
  });
});
