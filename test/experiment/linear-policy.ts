/**
 * A real, tiny learner for testing the experiment without the learning core: weighted
 * ridge regression from the observation (plus a bias) to each action component, solved
 * exactly by Gaussian elimination. Deterministic and fast.
 */
import type { TrainingSet } from '../../src/record/aggregate-types.ts';
import type { Policy } from '../../src/experiment/policy.ts';

export interface LinearPolicy extends Policy {
  /** (d + 1) x a, row-major; the last row is the bias. */
  readonly weights: Float64Array;
}

export function fitLinear(set: TrainingSet, version: string, ridge = 1e-2): LinearPolicy {
  const n = set.weight.length, d = set.obsFields.length, a = set.actionFields.length, p = d + 1;
  if (n === 0) throw new Error('fitLinear: empty training set');
  const A = new Float64Array(p * p), B = new Float64Array(p * a);
  const x = new Float64Array(p);
  for (let r = 0; r < n; r++) {
    for (let j = 0; j < d; j++) x[j] = set.obs[r * d + j] as number;
    x[d] = 1;
    const w = set.weight[r] as number;
    for (let i = 0; i < p; i++) {
      const wx = w * (x[i] as number);
      for (let j = 0; j < p; j++) A[i * p + j] = (A[i * p + j] as number) + wx * (x[j] as number);
      for (let k = 0; k < a; k++) B[i * a + k] = (B[i * a + k] as number) + wx * (set.act[r * a + k] as number);
    }
  }
  for (let i = 0; i < d; i++) A[i * p + i] = (A[i * p + i] as number) + ridge * n;
  const weights = solve(A, B, p, a);
  return {
    version, weights,
    act(obs) {
      const action = new Array<number>(a).fill(0);
      for (let k = 0; k < a; k++) {
        let s = weights[d * a + k] as number;
        for (let j = 0; j < d; j++) s += (weights[j * a + k] as number) * (obs[j] as number);
        action[k] = s;
      }
      return { action, doubt: 0 };
    },
  };
}

/** Solves A X = B in place (A p x p, B p x a) by elimination with partial pivoting. */
function solve(A: Float64Array, B: Float64Array, p: number, a: number): Float64Array {
  for (let c = 0; c < p; c++) {
    let piv = c;
    for (let r = c + 1; r < p; r++) if (Math.abs(A[r * p + c] as number) > Math.abs(A[piv * p + c] as number)) piv = r;
    if (Math.abs(A[piv * p + c] as number) < 1e-12) continue;
    if (piv !== c) {
      for (let j = 0; j < p; j++) swap(A, c * p + j, piv * p + j);
      for (let k = 0; k < a; k++) swap(B, c * a + k, piv * a + k);
    }
    const inv = 1 / (A[c * p + c] as number);
    for (let r = 0; r < p; r++) {
      if (r === c) continue;
      const f = (A[r * p + c] as number) * inv;
      if (f === 0) continue;
      for (let j = c; j < p; j++) A[r * p + j] = (A[r * p + j] as number) - f * (A[c * p + j] as number);
      for (let k = 0; k < a; k++) B[r * a + k] = (B[r * a + k] as number) - f * (B[c * a + k] as number);
    }
  }
  const X = new Float64Array(p * a);
  for (let r = 0; r < p; r++) {
    const diag = A[r * p + r] as number;
    for (let k = 0; k < a; k++) X[r * a + k] = Math.abs(diag) < 1e-12 ? 0 : (B[r * a + k] as number) / diag;
  }
  return X;
}

function swap(v: Float64Array, i: number, j: number): void {
  const t = v[i] as number;
  v[i] = v[j] as number;
  v[j] = t;
}

/** Mean squared error of `policy` on `set` (unweighted), per action component summed. */
export function meanSquaredError(policy: Policy, set: TrainingSet): number {
  const n = set.weight.length, d = set.obsFields.length, a = set.actionFields.length;
  let s = 0;
  for (let r = 0; r < n; r++) {
    const out = policy.act(Array.from(set.obs.subarray(r * d, (r + 1) * d))).action;
    for (let k = 0; k < a; k++) s += ((out[k] as number) - (set.act[r * a + k] as number)) ** 2;
  }
  return s / n;
}
