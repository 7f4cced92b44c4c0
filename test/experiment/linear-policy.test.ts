import { describe, expect, it } from 'vitest';
import { toEpisodeData } from '../../src/experiment/episode.ts';
import { rollout } from '../../src/experiment/rollout.ts';
import { aggregate } from '../../src/record/aggregate.ts';
import { fitLinear, meanSquaredError } from './linear-policy.ts';

describe('the stand-in learner', () => {
  it('fits demonstrations: far lower error than predicting the mean, on the data and on a held-out episode', () => {
    const demo = (seed: number) => toEpisodeData(rollout({ world: 'lane', seed, seconds: 20, mode: 'expert' }), { id: `d${seed}`, round: 0 });
    const train = aggregate([demo(1), demo(2)], { preset: 'bc' });
    const test = aggregate([demo(3)], { preset: 'bc' });
    const p = fitLinear(train, 'lin');
    const mean = [0, 1, 2, 3].map((k) => { let s = 0; for (let r = 0; r < train.weight.length; r++) s += train.act[r * 4 + k] as number; return s / train.weight.length; });
    const constant = { version: 'mean', act: () => ({ action: mean, doubt: 0 }) };
    expect(meanSquaredError(p, train)).toBeLessThan(0.5 * meanSquaredError(constant, train));
    expect(meanSquaredError(p, test)).toBeLessThan(0.85 * meanSquaredError(constant, test));
  });
});
