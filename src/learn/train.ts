/**
 * Trains the ensemble on a training set: weighted MSE in normalised action units, Adam,
 * minibatches, each member on its own seeded bootstrap resample (so the members disagree
 * where the data is thin), a validation split, early stopping that keeps the best epoch,
 * and an optional warm start from a previous checkpoint. Runs on whatever TF.js backend
 * is active; async only so that a cancel (and the worker's messages) can get in between
 * epochs.
 */
import * as tf from '@tensorflow/tfjs';
import { systemClock, type Clock } from '../base/clock.ts';
import { DEFAULT_ENSEMBLE, type EnsembleConfig, type EnsembleWeights } from './ensemble.ts';
import { createTfEnsemble, initialWeights, seededRandom, type TfEnsemble } from './model.ts';
import { ACTION_STD_FLOOR, computeNormStats, normalize, type NormStats } from './observation-norm.ts';
import { bootstrap, shuffle, splitRows } from './split.ts';

export interface TrainData {
  obs: Float32Array;
  act: Float32Array;
  /** One per row; a TrainingSet's weights (mean 1). */
  weight: Float32Array;
  obsFields: readonly string[];
  actionFields: readonly string[];
  /** Episode id per row (TrainingSet.provenance[i].episode): validation splits by episode. */
  episodes?: readonly string[] | null;
}

export interface WarmStart {
  weights: EnsembleWeights;
  obsNorm: NormStats;
  actNorm: NormStats;
}

export interface TrainOptions {
  ensemble?: Partial<EnsembleConfig>;
  epochs?: number;
  batchSize?: number;
  learningRate?: number;
  valFraction?: number;
  /** Epochs without a better validation loss before stopping. */
  patience?: number;
  /**
   * Stop before an epoch that would end past this many seconds (the best weights so far
   * are kept): retraining must fit between two episodes. Default: no limit.
   */
  maxSeconds?: number;
  seed?: number;
  /** Continue from a checkpoint of the same shape, keeping its normalisation. */
  warmStart?: WarmStart | null;
}

/** Lets messages (a cancel) in between epochs: setImmediate in Node, a task in a browser. */
const yieldTurn = (): Promise<void> => new Promise<void>((resolve) => (typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0)));

export const DEFAULT_TRAIN = { epochs: 40, batchSize: 256, learningRate: 1e-3, valFraction: 0.2, patience: 6, seed: 1 };

export interface TrainProgress {
  epoch: number;
  epochs: number;
  trainLoss: number;
  valLoss: number | null;
  etaS: number;
  samplesPerS: number;
  /** The split the losses are over: a validation loss on a few frames of one episode says little. */
  split: { trainFrames: number; valFrames: number; byEpisode: boolean };
}

export interface TrainMetrics {
  trainLoss: number;
  valLoss: number | null;
  bestEpoch: number;
  epochsRun: number;
  stoppedEarly: boolean;
  /** Stopped because the next epoch would have run past maxSeconds. */
  stoppedForTime: boolean;
  trainFrames: number;
  valFrames: number;
  splitByEpisode: boolean;
  /** members x rows x epochs / seconds. */
  samplesPerS: number;
  seconds: number;
}

export interface TrainResult {
  weights: EnsembleWeights;
  obsNorm: NormStats;
  actNorm: NormStats;
  metrics: TrainMetrics;
  cancelled: boolean;
}

export interface TrainHooks {
  onProgress?: (p: TrainProgress) => void;
  /** Checked between batches; true ends training with the best weights so far. */
  shouldStop?: () => boolean;
  /** Called between batches: the worker rests here to share the machine (see duty.ts). */
  rest?: () => void;
  clock?: Pick<Clock, 'now'>;
}

export async function train(data: TrainData, options: TrainOptions = {}, hooks: TrainHooks = {}): Promise<TrainResult> {
  const o = { ...DEFAULT_TRAIN, ...options };
  const warm = options.warmStart ?? null;
  // A warm start keeps its parent's shape; options.ensemble applies to fresh starts.
  const config: EnsembleConfig = warm ? warm.weights.config : { ...DEFAULT_ENSEMBLE, ...options.ensemble };
  const d = data.obsFields.length, a = data.actionFields.length;
  const n = data.weight.length;
  if (d === 0 || data.obs.length !== n * d || data.act.length !== n * a) throw new Error(`train: ${data.obs.length} obs / ${data.act.length} act values do not make ${n} rows of ${d} / ${a}`);
  if (n === 0) throw new Error('train: no rows');
  if (!(o.epochs >= 1) || !(o.batchSize >= 1)) throw new Error(`train: epochs and batchSize must be >= 1, got ${o.epochs}, ${o.batchSize}`);
  const clock = hooks.clock ?? systemClock;
  const random = seededRandom(o.seed);
  if (warm && (warm.obsNorm.fields.join() !== data.obsFields.join() || warm.actNorm.fields.join() !== data.actionFields.join())) {
    throw new Error(`train: warm start expects fields [${warm.obsNorm.fields.join(', ')}] -> [${warm.actNorm.fields.join(', ')}], the data has [${data.obsFields.join(', ')}] -> [${data.actionFields.join(', ')}]`);
  }
  const obsNorm = warm?.obsNorm ?? computeNormStats(data.obs, data.obsFields);
  const actNorm = warm?.actNorm ?? computeNormStats(data.act, data.actionFields, ACTION_STD_FLOOR);
  const x = normalize(obsNorm, data.obs), y = normalize(actNorm, data.act);
  const split = splitRows(n, o.valFraction, random, data.episodes);
  const K = config.members;
  const resamples = Array.from({ length: K }, () => bootstrap(split.train, random));
  const model = createTfEnsemble(warm?.weights ?? initialWeights(config, d, a, random));
  const optimizer = tf.train.adam(o.learningRate);
  const val = split.val.length > 0 ? makeValidation(x, y, data.weight, split.val, d, a, K) : null;

  const B = Math.min(o.batchSize, split.train.length);
  const xb = new Float32Array(K * B * d), yb = new Float32Array(K * B * a), wb = new Float32Array(K * B);
  const started = clock.now();
  let slowest = 0, lastElapsed = 0;
  let best = { loss: Infinity, epoch: 0, weights: null as EnsembleWeights | null, trainLoss: NaN, valLoss: null as number | null };
  let epochsRun = 0, stoppedEarly = false, stoppedForTime = false, cancelled = false, seen = 0;
  try {
    for (let epoch = 1; epoch <= o.epochs && !cancelled; epoch++) {
      for (const r of resamples) shuffle(r, random);
      // The batches' losses add up on the device and are read once per epoch: reading each
      // back would stall a GPU backend's queue. (A running sum, not addN: WebGPU's addN
      // takes at most 7 inputs.)
      const epochLoss = new LossSum();
      try {
        for (let start = 0; start < split.train.length; start += B) {
          const size = Math.min(B, split.train.length - start);
          for (let k = 0; k < K; k++) {
            const rows = resamples[k] as Uint32Array;
            let wsum = 0;
            for (let i = 0; i < size; i++) wsum += data.weight[rows[start + i] as number] as number;
            for (let i = 0; i < size; i++) {
              const row = rows[start + i] as number, at = k * size + i;
              xb.set(x.subarray(row * d, row * d + d), at * d);
              yb.set(y.subarray(row * a, row * a + a), at * a);
              wb[at] = wsum > 0 ? (data.weight[row] as number) / wsum : 1 / size;
            }
          }
          epochLoss.add(step(model, optimizer, xb, yb, wb, K, size, d, a));
          seen += K * size;
          if (hooks.shouldStop?.()) { cancelled = true; break; }
          hooks.rest?.();
        }
      } catch (e) {
        epochLoss.dispose();
        throw e;
      }
      const trainLoss = await epochLoss.mean(K);
      if (cancelled) break;
      epochsRun = epoch;
      const valLoss = val ? await val.loss(model) : null;
      const score = valLoss ?? trainLoss;
      if (score < best.loss * (1 - 1e-4)) best = { loss: score, epoch, weights: await model.export(), trainLoss, valLoss };
      const elapsed = (clock.now() - started) / 1000;
      hooks.onProgress?.({ epoch, epochs: o.epochs, trainLoss, valLoss, etaS: (elapsed / epoch) * (o.epochs - epoch), samplesPerS: seen / Math.max(elapsed, 1e-9),
        split: { trainFrames: split.train.length, valFrames: split.val.length, byEpisode: split.byEpisode },
      });
      if (epoch - best.epoch >= o.patience) { stoppedEarly = true; break; }
      // The slowest epoch so far is the estimate: a stall must not push the run over budget.
      slowest = Math.max(slowest, elapsed - lastElapsed);
      lastElapsed = elapsed;
      if (o.maxSeconds !== undefined && epoch < o.epochs && elapsed + slowest > o.maxSeconds) { stoppedForTime = true; break; }
      await yieldTurn();
    }
    const seconds = (clock.now() - started) / 1000;
    const weights = best.weights ?? (await model.export());
    return {
      weights, obsNorm, actNorm, cancelled,
      metrics: {
        trainLoss: best.trainLoss, valLoss: best.valLoss, bestEpoch: best.epoch, epochsRun, stoppedEarly, stoppedForTime,
        trainFrames: split.train.length, valFrames: split.val.length, splitByEpisode: split.byEpisode,
        samplesPerS: seen / Math.max(seconds, 1e-9), seconds,
      },
    };
  } finally {
    val?.dispose();
    optimizer.dispose();
    model.dispose();
  }
}

/** One Adam step for every member; per-member weights already sum to 1. Returns the summed loss (a tensor the caller disposes). */
function step(model: TfEnsemble, optimizer: tf.Optimizer, xb: Float32Array, yb: Float32Array, wb: Float32Array, K: number, size: number, d: number, a: number): tf.Scalar {
  const loss = tf.tidy(() => {
    const grads: Record<string, tf.Tensor> = {};
    let total: tf.Scalar = tf.scalar(0);
    for (let k = 0; k < K; k++) {
      const x = tf.tensor2d(xb.subarray(k * size * d, (k + 1) * size * d), [size, d]);
      const y = tf.tensor2d(yb.subarray(k * size * a, (k + 1) * size * a), [size, a]);
      const w = tf.tensor2d(wb.subarray(k * size, (k + 1) * size), [size, 1]);
      const g = model.gradients(k, x, y, w);
      Object.assign(grads, g.grads);
      total = tf.add(total, g.loss);
    }
    optimizer.applyGradients(grads);
    return total;
  });
  return loss;
}

/** An epoch's batch losses, summed on the device. */
class LossSum {
  private sum: tf.Scalar | null = null;
  private count = 0;

  /** Takes ownership of `loss`. */
  add(loss: tf.Scalar): void {
    const before = this.sum;
    this.sum = before ? tf.add<tf.Scalar>(before, loss) : loss;
    if (before) { before.dispose(); loss.dispose(); }
    this.count++;
  }

  /** The mean member loss per batch, read back once; frees the sum. */
  async mean(members: number): Promise<number> {
    const sum = this.sum;
    if (!sum) return NaN;
    this.sum = null;
    try {
      return ((await sum.data())[0] as number) / (this.count * members);
    } finally {
      sum.dispose();
    }
  }

  dispose(): void {
    this.sum?.dispose();
    this.sum = null;
  }
}

/** The validation rows held as tensors once; loss = weighted MSE, averaged over members. */
function makeValidation(x: Float32Array, y: Float32Array, weight: Float32Array, rows: Uint32Array, d: number, a: number, K: number) {
  const m = rows.length;
  const xv = new Float32Array(m * d), yv = new Float32Array(m * a), wv = new Float32Array(m);
  let wsum = 0;
  rows.forEach((row, i) => {
    xv.set(x.subarray(row * d, row * d + d), i * d);
    yv.set(y.subarray(row * a, row * a + a), i * a);
    wv[i] = weight[row] as number;
    wsum += weight[row] as number;
  });
  for (let i = 0; i < m; i++) wv[i] = wsum > 0 ? (wv[i] as number) / wsum : 1 / m;
  const xs = tf.tensor2d(xv, [m, d]), ys = tf.tensor2d(yv, [m, a]), ws = tf.tensor2d(wv, [m, 1]);
  return {
    async loss(model: TfEnsemble): Promise<number> {
      const t = tf.tidy(() => {
        let sum: tf.Scalar = tf.scalar(0);
        for (let k = 0; k < K; k++) sum = tf.add(sum, tf.sum(tf.mul(tf.mean(tf.squaredDifference(model.forward(k, xs), ys), 1, true), ws)));
        return tf.div(sum, K);
      });
      try {
        return (await t.data())[0] as number;
      } finally {
        t.dispose();
      }
    },
    dispose() { xs.dispose(); ys.dispose(); ws.dispose(); },
  };
}
