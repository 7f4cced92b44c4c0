/** A short measured training run on the active backend: what backend selection compares. */
import type { TrainData, TrainOptions } from './train.ts';
import { train } from './train.ts';

/** Rows the trial trains on: enough batches to swamp the first-call warm-up. */
export const TRIAL_ROWS = 3072;

export async function trialRate(data: TrainData, options: TrainOptions): Promise<number> {
  const n = Math.min(TRIAL_ROWS, data.weight.length);
  const d = data.obsFields.length, a = data.actionFields.length;
  const slice: TrainData = {
    ...data, episodes: null,
    obs: data.obs.subarray(0, n * d), act: data.act.subarray(0, n * a), weight: data.weight.subarray(0, n),
  };
  const trialOptions: TrainOptions = { ...options, warmStart: null, valFraction: 0, patience: Infinity };
  // The first epoch pays for kernel set-up; the second one is what gets measured.
  await train(slice, { ...trialOptions, epochs: 1 });
  const result = await train(slice, { ...trialOptions, epochs: 1 });
  return result.metrics.samplesPerS;
}
