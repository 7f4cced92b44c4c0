import type { WorldName } from '../app/contract.ts';
import type { DoubtThreshold } from '../control/doubt-threshold.ts';
import type { Frame } from '../record/frame.ts';
import type { SyntheticOperatorOptions } from '../sim/expert/index.ts';
import type { DaggerLabels } from './label-rules.ts';
import type { Policy } from './policy.ts';

/**
 * Who drives an episode:
 * - expert: the synthetic operator (expert + reaction delay + noise) drives throughout: demonstrations.
 * - policy: the policy alone, for evaluation.
 * - hgdagger: the policy drives; the synthetic operator takes over near danger and hands back when safe.
 * - dagger: per segment of `segmentS`, the labeller drives with probability `beta`, else the
 *   policy; every visited state carries the labeller's action (see `daggerLabels`).
 */
export type DriverMode = 'expert' | 'policy' | 'hgdagger' | 'dagger';
export const DRIVER_MODES: readonly DriverMode[] = ['expert', 'policy', 'hgdagger', 'dagger'];

/** What a rollout needs of the app's doubt threshold. */
export type DoubtRequests = Pick<DoubtThreshold, 'asking' | 'noteAutonomous' | 'noteTakeover'>;

export interface RolloutOptions {
  world: WorldName;
  /** Layout seed of the world. */
  seed: number;
  /** Episode length, sim seconds. */
  seconds: number;
  mode: DriverMode;
  /** Required for every mode but `expert`. */
  policy?: Policy | null;
  /** Control period, seconds (default 0.02: 50 Hz). */
  controlDtS?: number;
  /** Seed of the operator's noise and of DAgger's mixing (default: the layout seed). */
  noiseSeed?: number;
  /** The synthetic operator's human model (delay, noise, gate). */
  operator?: Omit<SyntheticOperatorOptions, 'seed'>;
  /** DAgger: probability that the expert drives a segment (default 0.5). */
  beta?: number;
  /**
   * DAgger's labeller, who also drives the beta segments. 'operator' (default): the same
   * synthetic human as the other modes (delay, noise; its gate is ignored), its command
   * recorded as `operator_action` on every frame. 'expert': the clean privileged expert.
   */
  daggerLabels?: DaggerLabels;
  /** DAgger: the driver is drawn once per segment this long (default 1 s; use controlDtS for per step). */
  segmentS?: number;
  /** End the episode at the first collision or departure (default true). */
  stopOnFailure?: boolean;
  /**
   * Record the privileged expert's action (`expert_action`) on every frame, as the app
   * does when the simulator publishes /sim/expert. Default: every mode but `policy`.
   */
  recordExpert?: boolean;
  /**
   * HG-DAgger: the app's doubt alert. While the policy drives and its doubt is above the
   * threshold, the app asks for help and the synthetic operator takes over a reaction
   * time later. Fed as the app feeds it (doubt at takeovers, doubt while autonomous), so
   * one instance calibrates over the episodes of one model. Default: no requests.
   */
  requests?: DoubtRequests | null;
  /** Added to `t` for each frame's `stamp` (default 0), so rollouts stay deterministic. */
  startStamp?: number;
}

export interface RolloutMetrics {
  /** Sim seconds driven. */
  seconds: number;
  /** Path length, metres. */
  distance: number;
  /** Metres along the route from the start. */
  progress: number;
  collisions: number;
  departures: number;
  reachedEnd: boolean;
  /** No collision or departure, and either the end of the route or the full time at a useful pace. */
  success: boolean;
  /** Takeovers by the synthetic operator (asked for or not). */
  interventions: number;
  /** Times the app began asking for help (HG-DAgger with `requests`). */
  requests: number;
  /** Seconds the operator (or, in DAgger, the expert) drove. */
  operatorS: number;
  /** Frames carrying a label that training of this mode's method would use. */
  expertLabels: number;
  frames: number;
}

export interface RolloutResult {
  world: WorldName;
  seed: number;
  mode: DriverMode;
  policyVersion: string | null;
  obsFields: string[];
  frames: Frame[];
  metrics: RolloutMetrics;
}
