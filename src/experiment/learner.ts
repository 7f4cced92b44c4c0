import type { TrainingSet } from '../record/aggregate.ts';
import { EnsemblePolicy } from '../learn/ensemble.ts';
import { train, type TrainOptions } from '../learn/train.ts';
import { activate } from '../learn/backends.ts';
import type { Policy } from './policy.ts';

/** A trained ensemble as the experiment's Policy, keeping what a warm start needs. */
export class LearnedPolicy implements Policy {
  constructor(readonly version: string, readonly ensemble: EnsemblePolicy) {}

  act(obs: Float32Array | number[]): { action: number[]; doubt: number } {
    return this.ensemble.act(obs);
  }
}

/**
 * The experiment's TrainFn on the real learning core: the ensemble trains on the round's
 * TrainingSet (weights and per-episode validation split included), warm-started from the
 * previous round's policy.
 */
export function ensembleTrainer(options: TrainOptions = {}, onRound?: (version: string, seconds: number, valLoss: number | null) => void) {
  let n = 0;
  let backend: Promise<unknown> | null = null;
  return async (set: TrainingSet, previous: Policy | null): Promise<Policy> => {
    // WASM trains several times faster than TF.js's plain-JS backend; fall back to it if WASM will not load.
    backend ??= activate('wasm').then((why) => (why === null ? null : activate('cpu')));
    await backend;
    const warm = previous instanceof LearnedPolicy ? previous.ensemble : null;
    const result = await train(
      {
        obs: set.obs, act: set.act, weight: set.weight, obsFields: set.obsFields, actionFields: set.actionFields,
        episodes: set.provenance.map((p) => p.episode),
      },
      { ...options, warmStart: warm ? { weights: warm.weights, obsNorm: warm.obsNorm, actNorm: warm.actNorm } : null },
    );
    const version = `v${++n}`;
    onRound?.(version, result.metrics.seconds, result.metrics.valLoss);
    return new LearnedPolicy(version, new EnsemblePolicy(result.weights, result.obsNorm, result.actNorm));
  };
}
