/**
 * The ensemble as TF.js variables for training, one set of 2-D weights per member. The
 * backward pass is written out by hand: TF.js's own matMul gradient uses transposed
 * operands, which the WASM backend runs about five times slower than a plain matMul
 * after an explicit transpose, and batched (3-D) matMuls are slower still there. The
 * members stay independent; one Adam step updates them all.
 */
import * as tf from '@tensorflow/tfjs';
import { layerSizes, type EnsembleConfig, type EnsembleWeights, type LayerWeights } from './ensemble.ts';

export interface TfEnsemble {
  readonly config: EnsembleConfig;
  readonly obsDim: number;
  readonly actDim: number;
  /** Member k's normalised output for normalised inputs [B, obsDim]. Call inside tf.tidy. */
  forward(k: number, x: tf.Tensor2D): tf.Tensor2D;
  /**
   * Gradients of member k's weighted MSE (weights [B, 1] summing to 1) for its variables,
   * keyed by variable name, plus the loss. Call inside tf.tidy.
   */
  gradients(k: number, x: tf.Tensor2D, y: tf.Tensor2D, w: tf.Tensor2D): { loss: tf.Scalar; grads: Record<string, tf.Tensor> };
  /** Copies the variables out as plain arrays. */
  export(): Promise<EnsembleWeights>;
  /** Overwrites the variables (warm start, best-epoch restore). */
  assign(weights: EnsembleWeights): void;
  dispose(): void;
}

/** Glorot-uniform weights, zero biases, from a seeded generator so runs repeat. */
export function initialWeights(config: EnsembleConfig, obsDim: number, actDim: number, random: () => number): EnsembleWeights {
  const sizes = layerSizes(config, obsDim, actDim);
  const members: LayerWeights[][] = [];
  for (let k = 0; k < config.members; k++) {
    const layers: LayerWeights[] = [];
    for (let l = 0; l + 1 < sizes.length; l++) {
      const n = sizes[l] as number, m = sizes[l + 1] as number;
      const limit = Math.sqrt(6 / (n + m));
      layers.push({ w: Float32Array.from({ length: n * m }, () => (random() * 2 - 1) * limit), b: new Float32Array(m) });
    }
    members.push(layers);
  }
  return { config: { ...config, hidden: [...config.hidden] }, obsDim, actDim, members };
}

export function createTfEnsemble(weights: EnsembleWeights): TfEnsemble {
  const { config, obsDim, actDim } = weights;
  const sizes = layerSizes(config, obsDim, actDim);
  const K = config.members;
  const layerCount = sizes.length - 1;
  // Names are left to TF.js: they are global to the engine, and two ensembles may coexist.
  // tidy frees the zeros; variables survive it.
  const vars: { w: tf.Variable; b: tf.Variable }[][] = tf.tidy(() => Array.from({ length: K }, () =>
    Array.from({ length: layerCount }, (_, l) => ({
      w: tf.variable(tf.zeros([sizes[l] as number, sizes[l + 1] as number])),
      b: tf.variable(tf.zeros([sizes[l + 1] as number])),
    }))));
  const member = (k: number) => {
    const m = vars[k];
    if (!m) throw new Error(`model: no member ${k} (ensemble of ${K})`);
    return m;
  };
  /** Activations of every layer, input first. */
  const activations = (k: number, x: tf.Tensor2D): tf.Tensor2D[] => {
    const out: tf.Tensor2D[] = [x];
    member(k).forEach(({ w, b }, l) => {
      const hidden = l + 1 < layerCount;
      // Fused kernels know relu but not tanh.
      const z = tf.fused.matMul({ a: out[l] as tf.Tensor2D, b: w as tf.Tensor2D, bias: b, activation: hidden && config.activation === 'relu' ? 'relu' : 'linear' }) as tf.Tensor2D;
      out.push(hidden && config.activation === 'tanh' ? tf.tanh(z) : z);
    });
    return out;
  };
  const ensemble: TfEnsemble = {
    config, obsDim, actDim,
    forward: (k, x) => activations(k, x)[layerCount] as tf.Tensor2D,
    gradients(k, x, y, w) {
      const h = activations(k, x);
      const diff = tf.sub(h[layerCount] as tf.Tensor2D, y);
      const loss = tf.sum(tf.mul(tf.mean(tf.square(diff), 1, true), w)) as tf.Scalar;
      let delta: tf.Tensor2D = tf.mul(diff, tf.mul(w, 2 / actDim));
      const grads: Record<string, tf.Tensor> = {};
      const layers = member(k);
      for (let l = layerCount - 1; l >= 0; l--) {
        const { w: wl, b: bl } = layers[l] as { w: tf.Variable; b: tf.Variable };
        grads[wl.name] = tf.matMul(tf.transpose(h[l] as tf.Tensor2D), delta);
        grads[bl.name] = tf.sum(delta, 0);
        if (l === 0) break;
        const back = tf.matMul(delta, tf.transpose(wl as tf.Tensor2D));
        const a = h[l] as tf.Tensor2D;
        delta = config.activation === 'relu' ? tf.mul(back, tf.step(a)) : tf.mul(back, tf.sub(1, tf.square(a)));
      }
      return { loss, grads };
    },
    async export() {
      // Asynchronous reads: a GPU backend's synchronous read stalls the queue (and in a
      // headless browser's software WebGPU returns zeros).
      const members = await Promise.all(vars.map((layers) => Promise.all(layers.map(async ({ w, b }): Promise<LayerWeights> => ({
        w: Float32Array.from((await w.data()) as Float32Array), b: Float32Array.from((await b.data()) as Float32Array),
      })))));
      return { config: { ...config, hidden: [...config.hidden] }, obsDim, actDim, members };
    },
    assign(source) {
      if (source.obsDim !== obsDim || source.actDim !== actDim || source.config.members !== K || source.config.hidden.join() !== config.hidden.join()) {
        throw new Error(`model.assign: shape ${source.config.members}x[${source.obsDim},${source.config.hidden.join(',')},${source.actDim}] does not fit ${K}x[${obsDim},${config.hidden.join(',')},${actDim}]`);
      }
      source.members.forEach((layers, k) => layers.forEach((layer, l) => {
        const v = member(k)[l] as { w: tf.Variable; b: tf.Variable };
        tf.tidy(() => {
          v.w.assign(tf.tensor2d(layer.w, v.w.shape as [number, number]));
          v.b.assign(tf.tensor1d(layer.b));
        });
      }));
    },
    dispose() { for (const layers of vars) for (const { w, b } of layers) { w.dispose(); b.dispose(); } },
  };
  ensemble.assign(weights);
  return ensemble;
}

/** A small seeded generator (mulberry32): splits, bootstraps and initial weights repeat per seed. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}
