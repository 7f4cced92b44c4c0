/**
 * The ensemble policy at run time: K small MLPs evaluated with plain Float32Array math
 * over weights exported from TF.js. For a 40 -> 64 -> 64 -> 4 net, TF.js would spend far
 * longer dispatching kernels than computing; this loop does one control step for all
 * members in a few microseconds and allocates nothing.
 *
 * Inputs are normalised with the observation NormStats; the nets predict normalised
 * actions (ACTION_FIELDS order), which are scaled back with the action NormStats.
 * Action = the members' mean. Doubt = the mean over action dims of the population std
 * across members, in normalised action units (1.0 = one training-set std of that action),
 * so it reads the same whatever the robot's speed limits are.
 */
import { normScales, normStds, type NormStats } from './observation-norm.ts';

/** ReLU: members extrapolate linearly off the data, so they disagree there (doubt grows); tanh saturates and agrees. */
export type Activation = 'relu' | 'tanh';

export interface EnsembleConfig {
  members: number;
  hidden: number[];
  activation: Activation;
}

export const DEFAULT_ENSEMBLE: EnsembleConfig = { members: 5, hidden: [64, 64], activation: 'relu' };

export interface LayerWeights {
  /** Row-major [inputs x outputs]. */
  w: Float32Array;
  b: Float32Array;
}

export interface EnsembleWeights {
  config: EnsembleConfig;
  obsDim: number;
  actDim: number;
  /** members[k][layer]. */
  members: LayerWeights[][];
}

export interface EnsembleAction {
  action: number[];
  doubt: number;
}

export function layerSizes(config: EnsembleConfig, obsDim: number, actDim: number): number[] {
  return [obsDim, ...config.hidden, actDim];
}

export function checkWeights(weights: EnsembleWeights): void {
  const sizes = layerSizes(weights.config, weights.obsDim, weights.actDim);
  if (weights.members.length !== weights.config.members) throw new Error(`ensemble: ${weights.members.length} members, config says ${weights.config.members}`);
  weights.members.forEach((layers, k) => {
    if (layers.length !== sizes.length - 1) throw new Error(`ensemble: member ${k} has ${layers.length} layers, expected ${sizes.length - 1}`);
    layers.forEach((l, i) => {
      const n = sizes[i] as number, m = sizes[i + 1] as number;
      if (l.w.length !== n * m || l.b.length !== m) throw new Error(`ensemble: member ${k} layer ${i} is ${l.w.length}+${l.b.length}, expected ${n * m}+${m}`);
    });
  });
}

export class EnsemblePolicy {
  private readonly obsScale: Float64Array;
  private readonly actStd: Float64Array;
  private readonly input: Float32Array;
  private readonly buffers: Float32Array[];
  /** outputs[k * actDim + j], normalised units. */
  private readonly outputs: Float64Array;

  constructor(readonly weights: EnsembleWeights, readonly obsNorm: NormStats, readonly actNorm: NormStats) {
    checkWeights(weights);
    if (obsNorm.fields.length !== weights.obsDim) throw new Error(`ensemble: obs norm has ${obsNorm.fields.length} fields, nets take ${weights.obsDim}`);
    if (actNorm.fields.length !== weights.actDim) throw new Error(`ensemble: action norm has ${actNorm.fields.length} fields, nets give ${weights.actDim}`);
    this.obsScale = normScales(obsNorm);
    this.actStd = normStds(actNorm);
    this.input = new Float32Array(weights.obsDim);
    this.buffers = layerSizes(weights.config, weights.obsDim, weights.actDim).slice(1).map((n) => new Float32Array(n));
    this.outputs = new Float64Array(weights.config.members * weights.actDim);
  }

  get obsDim(): number { return this.weights.obsDim; }

  /** One control step of the whole ensemble. */
  act(obs: ArrayLike<number>): EnsembleAction {
    const { obsDim, actDim, members, config } = this.weights;
    if (obs.length !== obsDim) throw new Error(`ensemble.act: observation has ${obs.length} values, expected ${obsDim}`);
    const x = this.input;
    for (let i = 0; i < obsDim; i++) x[i] = ((obs[i] as number) - (this.obsNorm.mean[i] as number)) * (this.obsScale[i] as number);
    const K = members.length;
    for (let k = 0; k < K; k++) {
      const out = forwardNormalised(members[k] as LayerWeights[], x, this.buffers, config.activation);
      for (let j = 0; j < actDim; j++) this.outputs[k * actDim + j] = out[j] as number;
    }
    const action = new Array<number>(actDim);
    let spread = 0;
    for (let j = 0; j < actDim; j++) {
      let mean = 0;
      for (let k = 0; k < K; k++) mean += this.outputs[k * actDim + j] as number;
      mean /= K;
      let v = 0;
      for (let k = 0; k < K; k++) { const e = (this.outputs[k * actDim + j] as number) - mean; v += e * e; }
      spread += Math.sqrt(v / K);
      action[j] = mean * (this.actStd[j] as number) + (this.actNorm.mean[j] as number);
    }
    return { action, doubt: spread / actDim };
  }

  /** Member k's normalised output for an already-normalised input (tests compare it with TF.js). */
  memberOutput(k: number, normalisedObs: Float32Array): Float32Array {
    const layers = this.weights.members[k];
    if (!layers) throw new Error(`ensemble.memberOutput: no member ${k}`);
    return Float32Array.from(forwardNormalised(layers, normalisedObs, this.buffers, this.weights.config.activation));
  }
}

/** Dense layers into reusable buffers; returns the last buffer. Accumulates in float32, as TF.js does. */
function forwardNormalised(layers: readonly LayerWeights[], x: Float32Array, buffers: Float32Array[], activation: Activation): Float32Array {
  let input = x;
  const last = layers.length - 1;
  for (let l = 0; l <= last; l++) {
    const { w, b } = layers[l] as LayerWeights;
    const out = buffers[l] as Float32Array;
    const n = input.length, m = out.length;
    for (let j = 0; j < m; j++) out[j] = b[j] as number;
    for (let i = 0; i < n; i++) {
      const xi = input[i] as number;
      if (xi === 0) continue;
      const row = i * m;
      for (let j = 0; j < m; j++) out[j] = (out[j] as number) + xi * (w[row + j] as number);
    }
    if (l < last) {
      if (activation === 'relu') for (let j = 0; j < m; j++) { if ((out[j] as number) < 0) out[j] = 0; }
      else for (let j = 0; j < m; j++) out[j] = Math.tanh(out[j] as number);
    }
    input = out;
  }
  return input;
}
