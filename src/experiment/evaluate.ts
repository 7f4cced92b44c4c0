/**
 * Evaluation: the policy alone on fresh starts (layouts no training episode used), and
 * the failure rates the papers report.
 */
import type { WorldName } from '../app/contract.ts';
import type { Policy } from './policy.ts';
import { rollout } from './rollout.ts';
import { createRng } from '../sim/world/prng.ts';
import type { RolloutMetrics } from './rollout-types.ts';

export interface EvaluateOptions {
  world: WorldName;
  policy: Policy;
  /** Layout seeds, one episode each. */
  seeds: readonly number[];
  /** Seconds per episode. */
  seconds: number;
  controlDtS?: number;
}

export interface Evaluation {
  episodes: number;
  km: number;
  collisions: number;
  departures: number;
  collisions_per_km: number;
  departures_per_km: number;
  success_rate: number;
  /** Per episode, in `seeds` order. */
  runs: RolloutMetrics[];
}

/**
 * Rates are per km over at least MIN_KM: a policy that fails standing still reads as
 * many failures per km, not as Infinity (which JSON cannot carry) or 0.
 */
export const MIN_KM = 0.01;

export function evaluatePolicy(opts: EvaluateOptions): Evaluation {
  if (opts.seeds.length === 0) throw new Error('evaluatePolicy: seeds must not be empty');
  const runs = opts.seeds.map((seed) =>
    rollout({ world: opts.world, seed, seconds: opts.seconds, mode: 'policy', policy: opts.policy, controlDtS: opts.controlDtS, recordExpert: false }).metrics);
  return summarise(runs);
}

export function summarise(runs: RolloutMetrics[]): Evaluation {
  const km = runs.reduce((s, r) => s + r.distance, 0) / 1000;
  const collisions = runs.reduce((s, r) => s + r.collisions, 0);
  const departures = runs.reduce((s, r) => s + r.departures, 0);
  const per = Math.max(km, MIN_KM);
  return {
    episodes: runs.length, km, collisions, departures,
    collisions_per_km: collisions / per,
    departures_per_km: departures / per,
    success_rate: runs.length > 0 ? runs.filter((r) => r.success).length / runs.length : 0,
    runs,
  };
}

/**
 * 95% percentile-bootstrap interval of (collisions + departures) / km, resampling whole
 * evaluation episodes (the unit that is independent); seeded, so results stay reproducible.
 */
export function bootstrapRate(runs: readonly RolloutMetrics[], resamples = 2000, seed = 1): [number, number] {
  if (runs.length === 0) return [0, 0];
  const rng = createRng(seed);
  const rates: number[] = [];
  for (let b = 0; b < resamples; b++) {
    let km = 0, failures = 0;
    for (let i = 0; i < runs.length; i++) {
      const r = runs[Math.min(runs.length - 1, Math.floor(rng.next() * runs.length))] as RolloutMetrics;
      km += r.distance / 1000;
      failures += r.collisions + r.departures;
    }
    rates.push(failures / Math.max(km, MIN_KM));
  }
  rates.sort((a, b) => a - b);
  return [rates[Math.floor(0.025 * resamples)] as number, rates[Math.min(resamples - 1, Math.floor(0.975 * resamples))] as number];
}
