/**
 * Seeds for an experiment, all derived from its one seed: training layouts, evaluation
 * layouts and the operator's noise come from separate streams, so evaluation never
 * sees a layout that training saw.
 */
export type SeedStream = 'train' | 'eval' | 'noise' | 'mix' | 'relabel' | 'replica';

const STREAM: Record<SeedStream, number> = { train: 1, eval: 2, noise: 3, mix: 4, relabel: 5, replica: 6 };

/** The `index`-th seed of `stream` for experiment `seed`: a safe integer below 2^31. */
export function deriveSeed(seed: number, stream: SeedStream, index: number): number {
  if (!Number.isSafeInteger(seed)) throw new Error(`deriveSeed: seed must be a safe integer, got ${seed}`);
  if (!Number.isInteger(index) || index < 0) throw new Error(`deriveSeed: index must be an integer >= 0, got ${index}`);
  // splitmix-style mixing of (seed, stream, index), 32 bits at a time.
  let h = (Math.trunc(seed) ^ Math.trunc(seed / 0x1_0000_0000) ^ Math.imul(STREAM[stream], 0x9e3779b9)) >>> 0;
  for (const v of [index, STREAM[stream]]) {
    h = (h + Math.imul(v + 1, 0x85ebca6b)) >>> 0;
    h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0;
    h = Math.imul(h ^ (h >>> 15), 0x846ca68b) >>> 0;
    h = (h ^ (h >>> 16)) >>> 0;
  }
  return h & 0x7fff_ffff;
}

/**
 * The seed of everything stochastic that is not the task in replica `replica` of
 * experiment `seed`: the operator's noise, DAgger's coin, the relabel responder and the
 * learner's initialisation and shuffles. Replica 0 is the experiment itself.
 */
export function replicaSeed(seed: number, replica: number): number {
  return replica === 0 ? seed : deriveSeed(seed, 'replica', replica);
}
