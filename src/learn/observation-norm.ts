/**
 * Per-field mean and standard deviation of the training observations, saved with the
 * model as plain JSON so the policy sees the same scaling at run time. A constant field
 * (std ~ 0, e.g. vz on a rover) is centred but not scaled: dividing by ~0 would turn
 * float noise into huge inputs.
 */
import { isObject } from '../ros/messages.ts';

export interface NormStats {
  version: 1;
  fields: string[];
  mean: number[];
  /** The measured population std, zeros included; the guard applies at use. */
  std: number[];
  /**
   * Scale by at least this std (absent: MIN_STD, as before it existed). A field that is
   * nearly constant, such as a stick axis touched once, would otherwise be blown up by
   * 1/std until its rare values swamp the loss and the doubt.
   */
  floor?: number;
}

/** Below this a field counts as constant. */
export const MIN_STD = 1e-6;

/** The actions' floor: 2 cm/s or 0.02 rad/s is below what an operator commands on purpose. */
export const ACTION_STD_FLOOR = 0.02;

/** Statistics over `obs` (row-major, n x fields.length), in float64 (two passes). */
export function computeNormStats(obs: Float32Array, fields: readonly string[], floor?: number): NormStats {
  if (floor !== undefined && !(floor >= 0 && Number.isFinite(floor))) throw new Error(`computeNormStats: floor must be a finite number >= 0, got ${floor}`);
  const d = fields.length;
  if (d === 0 || obs.length % d !== 0) throw new Error(`computeNormStats: ${obs.length} values do not make rows of ${d} fields`);
  const n = obs.length / d;
  const mean = new Float64Array(d), m2 = new Float64Array(d);
  for (let i = 0; i < obs.length; i++) {
    const v = obs[i] as number;
    if (!Number.isFinite(v)) throw new Error(`computeNormStats: non-finite value ${v} at row ${Math.floor(i / d)}, field ${fields[i % d]}`);
    mean[i % d] = (mean[i % d] as number) + v;
  }
  if (n > 0) for (let j = 0; j < d; j++) mean[j] = (mean[j] as number) / n;
  for (let i = 0; i < obs.length; i++) {
    const e = (obs[i] as number) - (mean[i % d] as number);
    m2[i % d] = (m2[i % d] as number) + e * e;
  }
  return {
    version: 1,
    fields: [...fields],
    mean: Array.from(mean),
    std: Array.from(m2, (s) => (n > 0 ? Math.sqrt(s / n) : 0)),
    ...(floor !== undefined ? { floor } : {}),
  };
}

/** The std each field is scaled by, guards applied: 1 for a constant field, at least the floor otherwise. */
export function normStds(stats: NormStats): Float64Array {
  const floor = Math.max(stats.floor ?? MIN_STD, MIN_STD);
  return Float64Array.from(stats.std, (s) => (s > MIN_STD ? Math.max(s, floor) : 1));
}

/** Reciprocal scales (1 / normStds); compute once, reuse per tick. */
export function normScales(stats: NormStats): Float64Array {
  return normStds(stats).map((s) => 1 / s);
}

/**
 * Normalises one vector or a row-major batch into `out` (a new Float32Array by
 * default). Pass `scales` from normScales() on hot paths.
 */
export function normalize(stats: NormStats, values: ArrayLike<number>, out?: Float32Array, scales: Float64Array = normScales(stats)): Float32Array {
  const d = stats.fields.length;
  if (values.length % d !== 0) throw new Error(`normalize: ${values.length} values do not make rows of ${d} fields`);
  const result = out ?? new Float32Array(values.length);
  if (result.length < values.length) throw new Error(`normalize: out holds ${result.length} values, need ${values.length}`);
  for (let i = 0; i < values.length; i++) {
    const j = i % d;
    result[i] = ((values[i] as number) - (stats.mean[j] as number)) * (scales[j] as number);
  }
  return result;
}

/** Validates statistics read from disk; a string result names what is wrong. */
export function parseNormStats(raw: unknown): NormStats | string {
  if (!isObject(raw)) return 'normalisation stats must be an object';
  if (raw.version !== 1) return `normalisation stats: unsupported version ${JSON.stringify(raw.version)}`;
  const { fields, mean, std } = raw;
  if (!Array.isArray(fields) || !fields.every((f) => typeof f === 'string')) return 'normalisation stats: fields must be an array of strings';
  const numbers = (v: unknown, name: string, min = -Infinity): string | null =>
    Array.isArray(v) && v.length === fields.length && v.every((x) => typeof x === 'number' && Number.isFinite(x) && x >= min)
      ? null
      : `normalisation stats: ${name} must hold ${fields.length} finite numbers${min === 0 ? ' >= 0' : ''}`;
  const bad = numbers(mean, 'mean') ?? numbers(std, 'std', 0);
  if (bad) return bad;
  const { floor } = raw;
  if (floor !== undefined && !(typeof floor === 'number' && Number.isFinite(floor) && floor >= 0)) return 'normalisation stats: floor must be a finite number >= 0';
  return { version: 1, fields: [...fields] as string[], mean: [...(mean as number[])], std: [...(std as number[])], ...(floor !== undefined ? { floor } : {}) };
}
