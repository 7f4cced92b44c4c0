import type { WorldName } from '../app/contract.ts';
import type { ThresholdConfig } from '../control/doubt-threshold.ts';
import type { PreInterventionOptions, TrainingSet } from '../record/aggregate-types.ts';
import type { WeightingScheme } from '../record/weights.ts';
import type { DaggerLabels } from './label-rules.ts';
import type { Policy } from './policy.ts';
import type { RolloutOptions } from './rollout-types.ts';
import type { RelabelSettings } from './relabel-round.ts';

export type Method = 'bc' | 'dagger' | 'hgdagger' | 'hgdagger+relabel';
export const METHODS: readonly Method[] = ['bc', 'dagger', 'hgdagger', 'hgdagger+relabel'];

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
  /**
   * Which replica (default 0): replicas share the training and evaluation layouts but draw
   * the operator's noise, DAgger's coin and the relabel responder from `replicaSeed`; the
   * caller's TrainFn should seed the learner from it too.
   */
  replica?: number;
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
  /** The synthetic operator's human model, for demonstrations, HG-DAgger's gate and DAgger's labels. */
  operator?: RolloutOptions['operator'];
  /** Settings of the offline relabelling; required with the method hgdagger+relabel. */
  relabel?: Omit<RelabelSettings, 'seed'>;
  /**
   * Line operator labels up with the states they answered, by this reaction time (default
   * 0: as recorded), for every method's operator labels: demonstrations, DAgger's watching
   * labeller and HG-DAgger's takeovers (see withOperatorLag).
   */
  alignLabelsS?: number;
  /**
   * DAgger's labeller's reaction time (default: the operator's). The HG-DAgger paper's case
   * is that a human who labels without being in control labels worse; a longer delay here
   * is one way to ask how much worse before the ordering changes.
   */
  daggerDelayS?: number;
  /** Who labels DAgger's states (default 'operator': the same synthetic human as the others). */
  daggerLabels?: DaggerLabels;
  /** HG-DAgger's sample weighting (default 'uniform'); BC and DAgger have no interventions to weight. */
  hgWeighting?: WeightingScheme;
  /** HG-DAgger's pre-intervention window (default: aggregate's, flag only). */
  preIntervention?: PreInterventionOptions;
  /**
   * HG-DAgger's doubt alert (default none: the operator takes over only when it sees danger).
   * With a threshold, the app asks for help while the policy's doubt is above it and the
   * synthetic operator answers; it calibrates anew each round, as the app does per model.
   */
  requests?: ThresholdConfig | null;
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
  /** Collisions plus departures in the evaluation (a count: the rates' sample size). */
  failures: number;
  /** (collisions + departures) / km. */
  failures_per_km: number;
  /** 95% bootstrap interval of failures_per_km, resampling evaluation episodes. */
  failures_per_km_ci: [number, number];
  success_rate: number;
  /** Takeovers per minute of this round's collection (HG-DAgger only; 0 for the others). */
  interventions_per_min: number;
  /** Times per minute the app asked for help during this round's collection (HG-DAgger with requests; else 0). */
  requests_per_min: number;
  /**
   * Operator seconds spent so far: watching or driving every collected episode (demonstrations
   * included), plus replay time relabelling and the reaction-time calibration.
   */
  operator_s: number;
}

/** How well the relabels line up with the expert's true actions (hgdagger+relabel only). */
export interface RelabelReport {
  speed: number;
  control_period_ms: number;
  /** Mean |time shift| between the relabel tracks and the expert's actions, as recorded. */
  alignment_error_ms_raw: number;
  /** The same after shifting by the calibrated reaction time x speed. */
  alignment_error_ms_compensated: number;
  /** The synthetic operator's true reaction time and what the calibration measured. */
  true_delay_ms: number;
  measured_latency_ms: number;
  passes: number;
  relabelled_s: number;
}

export interface ExperimentResult {
  world: WorldName;
  seed: number;
  /** Present on a replica other than 0. */
  replica?: number;
  methods: Partial<Record<Method, RoundRow[]>>;
  relabel?: RelabelReport;
  /** HG-DAgger's doubt alert, when it was on. */
  requests?: ThresholdConfig;
}
