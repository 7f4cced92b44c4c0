import type { EpisodeEntry } from './dataset-types.ts';
import type { Frame, FrameSource } from './frame.ts';
import type { AggregatePreset, LabelKind, LabelRule, RelabelLookup } from './aggregate-rules.ts';
import type { FrameClass, SiriusShares, WeightingScheme } from './weights.ts';

/** One episode as the caller loaded it. */
export interface EpisodeData {
  entry: EpisodeEntry;
  obsFields: string[];
  frames: Frame[];
}

export type PreInterventionMode = 'flag' | 'drop' | 'downweight';

export interface PreInterventionOptions {
  /** Window length before each takeover; size it by the operator's reaction time. */
  seconds: number;
  /** flag: mark only; drop: not a sample; downweight: weight times `weight`. */
  mode: PreInterventionMode;
  /** Factor for `downweight`, in (0, 1] (default 0.1). Use `drop` for zero. */
  weight?: number;
}

export interface AggregateOptions {
  preset: AggregatePreset;
  /** Replaces the preset's labelling (e.g. `withRelabels(PRESET_RULES.hgdagger, …)`). */
  rule?: LabelRule;
  /**
   * Labels from accepted relabel passes; required by 'hgdagger+relabel' (where they win
   * over live takeover labels and turn policy-driven frames into samples), unused otherwise.
   */
  relabels?: RelabelLookup;
  /** Default { seconds: 0.5, mode: 'flag' }. */
  preIntervention?: PreInterventionOptions;
  /** Default 'uniform'. */
  weighting?: WeightingScheme;
  sirius?: Partial<SiriusShares>;
  /**
   * Frame sources that may be samples (default ['tick']): steps made at once on input
   * would otherwise count a busy thumb many times per tick. Takeovers and windows are
   * found over every frame regardless.
   */
  sources?: readonly FrameSource[];
  /** Observation layout to produce; default: the first usable episode's. Episodes
   *  holding these fields in another order (or more of them) are gathered into it. */
  obsFields?: readonly string[];
}

export interface Provenance {
  episode: string;
  round: number;
  /** Index of the frame in its episode. */
  index: number;
  t: number;
  label: LabelKind;
  preIntervention: boolean;
  intervention: boolean;
}

export interface SkipCounts {
  /** The preset does not take frames like this (e.g. policy-driven in hgdagger). */
  notSelected: number;
  /** Selected, but the label it needs is null. */
  noLabel: number;
  /** NaN or Infinity in the observation or the label. */
  nonFinite: number;
  /** Observation or action of the wrong length. */
  malformed: number;
  /** Dropped by the pre-intervention window (mode drop). */
  preIntervention: number;
  /** From a source not in `sources`. */
  source: number;
}

export interface AggregateStats {
  preset: AggregatePreset;
  weighting: WeightingScheme;
  frames: number;
  episodes: { total: number; used: number; quarantined: number; fieldMismatch: number };
  takeovers: number;
  byLabel: Record<LabelKind, number>;
  /** Samples per round, keyed by the round number. */
  byRound: Record<string, number>;
  byClass: Record<FrameClass, { frames: number; weight: number }>;
  /** Total weight of intervention frames and of all others (equal under 'balanced'). */
  weightTotals: { intervention: number; other: number };
  skipped: SkipCounts;
}

export interface TrainingSet {
  /** Row-major, n x obsFields.length. */
  obs: Float32Array;
  /** Row-major, n x actionFields.length. */
  act: Float32Array;
  /** One per row, mean 1. */
  weight: Float32Array;
  provenance: Provenance[];
  obsFields: string[];
  actionFields: string[];
  stats: AggregateStats;
}
