import type { WorldName } from '../app/contract.ts';
import type { TrainingSet } from '../record/aggregate-types.ts';
import type { Policy } from './policy.ts';
import type { RolloutOptions } from './rollout-types.ts';

export type Method = 'bc' | 'dagger' | 'hgdagger';
export const METHODS: readonly Method[] = ['bc', 'dagger', 'hgdagger'];

/** Trains a policy on `set`, warm-started from `previous` where there is one. */
export type TrainFn = (set: TrainingSet, previous: Policy | null) => Promise<Policy>;

export interface ExperimentProgress {
  /** Steps done of `total` (each a collection, a training or an evaluation). */
  done: number;
  total: number;
  /** null for round 0, which every method shares. */
  method: Method | null;
  round: number;
  phase: 'collect' | 'train' | 'evaluate';
}

export interface ExperimentOptions {
  world: WorldName;
  methods: readonly Method[];
  /** Rounds after the demonstrations (round 0); each adds data and retrains. */
  rounds: number;
  seed: number;
  /** Episodes collected per round by DAgger and HG-DAgger, and demonstrations in round 0. */
  episodesPerRound: number;
  /** Sim seconds per collected episode. */
  episodeSeconds: number;
  /** Evaluation episodes per round (default episodesPerRound). */
  evalEpisodes?: number;
  /** Sim seconds per evaluation episode (default episodeSeconds). */
  evalSeconds?: number;
  /** DAgger's beta in round r is betaDecay^r (default 0.5); round 0 is all expert. */
  betaDecay?: number;
  /** DAgger: the driver is drawn per segment of this many seconds (default 1). */
  segmentS?: number;
  /** The synthetic operator's human model, for demonstrations and HG-DAgger's gate. */
  operator?: RolloutOptions['operator'];
  train: TrainFn;
  onProgress?: (p: ExperimentProgress) => void;
}

export interface RoundRow {
  round: number;
  /** Labels in the training set this round's policy was trained on. */
  expert_labels: number;
  /** Training episodes collected so far (a truncated BC demonstration counts as one). */
  episodes: number;
  /** Evaluation distance, km. */
  km: number;
  collisions_per_km: number;
  departures_per_km: number;
  success_rate: number;
  /** Takeovers per minute of this round's collection (HG-DAgger only; 0 for the others). */
  interventions_per_min: number;
}

export interface ExperimentResult {
  world: WorldName;
  seed: number;
  methods: Partial<Record<Method, RoundRow[]>>;
}
