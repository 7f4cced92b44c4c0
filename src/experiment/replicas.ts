/**
 * Pooling replicas of one experiment. A single run's ranking of methods mixes the
 * methods' differences with the luck of one learner initialisation and one stream of
 * operator noise, which on these small datasets is as large as the differences; replicas
 * (same layouts, other luck) separate the two.
 */
import { METHODS, type ExperimentResult, type Method, type RoundRow } from './runner-types.ts';

export interface PooledRow extends RoundRow {
  /** Each replica's failures_per_km, in replica order. */
  failures_per_km_replicas: number[];
  /** Their sample standard deviation (0 for one replica). */
  failures_per_km_sd: number;
}

/**
 * Rows pooled over replicas: counts and distances are summed, so failures_per_km is the
 * pooled rate (all failures over all evaluated km); failures_per_km_ci is the range over
 * replicas; labels, episodes, success, interventions and operator time are means.
 */
export interface PooledResult extends Omit<ExperimentResult, 'methods' | 'replica'> {
  repeats: number;
  methods: Partial<Record<Method, PooledRow[]>>;
  replicas: ExperimentResult[];
}

export function poolReplicas(results: readonly ExperimentResult[]): PooledResult {
  const first = results[0];
  if (!first) throw new Error('poolReplicas: no results');
  for (const r of results) {
    if (r.world !== first.world || r.seed !== first.seed) throw new Error(`poolReplicas: replicas of one experiment only (got ${r.world}/${r.seed} and ${first.world}/${first.seed})`);
  }
  const methods: PooledResult['methods'] = {};
  for (const m of METHODS) {
    const lists = results.map((r) => r.methods[m]);
    if (lists.some((l) => !l)) continue;
    const rounds = Math.min(...lists.map((l) => (l as RoundRow[]).length));
    methods[m] = Array.from({ length: rounds }, (_, i) => poolRows(lists.map((l) => (l as RoundRow[])[i] as RoundRow)));
  }
  const { relabel, requests } = first;
  return { world: first.world, seed: first.seed, repeats: results.length, methods, ...(relabel ? { relabel } : {}), ...(requests ? { requests } : {}), replicas: [...results] };
}

function poolRows(rows: RoundRow[]): PooledRow {
  const sum = (f: (r: RoundRow) => number): number => rows.reduce((s, r) => s + f(r), 0);
  const mean = (f: (r: RoundRow) => number): number => sum(f) / rows.length;
  const km = sum((r) => r.km);
  const collisions = sum((r) => r.collisions_per_km * r.km), departures = sum((r) => r.departures_per_km * r.km);
  const rates = rows.map((r) => r.failures_per_km);
  const avg = rates.reduce((s, v) => s + v, 0) / rates.length;
  const sd = rates.length > 1 ? Math.sqrt(rates.reduce((s, v) => s + (v - avg) ** 2, 0) / (rates.length - 1)) : 0;
  const perKm = (n: number): number => (km > 0 ? n / km : 0);
  return {
    round: (rows[0] as RoundRow).round,
    expert_labels: Math.round(mean((r) => r.expert_labels)), episodes: Math.round(mean((r) => r.episodes)),
    km, collisions_per_km: perKm(collisions), departures_per_km: perKm(departures),
    failures: sum((r) => r.failures), failures_per_km: perKm(collisions + departures),
    failures_per_km_ci: [Math.min(...rates), Math.max(...rates)],
    success_rate: mean((r) => r.success_rate), interventions_per_min: mean((r) => r.interventions_per_min), requests_per_min: mean((r) => r.requests_per_min ?? 0), operator_s: mean((r) => r.operator_s),
    failures_per_km_replicas: rates, failures_per_km_sd: sd,
  };
}

export interface OrderingCheck {
  /** HG-DAgger's final failures/km below BC's. */
  beatsBc: boolean | null;
  /** HG-DAgger's final failures/km at most DAgger's. */
  noWorseThanDagger: boolean | null;
  /** HG-DAgger's final labels below DAgger's. */
  fewerLabelsThanDagger: boolean | null;
}

/** The HG-DAgger paper's ordering, checked on the final round (null: a method did not run). */
export function checkOrdering(methods: Partial<Record<Method, RoundRow[]>>): OrderingCheck {
  const last = (m: Method): RoundRow | null => methods[m]?.at(-1) ?? null;
  const hg = last('hgdagger'), bc = last('bc'), dagger = last('dagger');
  return {
    beatsBc: hg && bc ? hg.failures_per_km < bc.failures_per_km : null,
    noWorseThanDagger: hg && dagger ? hg.failures_per_km <= dagger.failures_per_km : null,
    fewerLabelsThanDagger: hg && dagger ? hg.expert_labels < dagger.expert_labels : null,
  };
}
