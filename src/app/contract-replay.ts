/**
 * The replay and relabel half of the UI contract: playing an episode back in the live
 * view, drawing relabel passes over it, and measuring the operator's reaction time.
 * Pure JSON shapes, like contract.ts.
 */
import type { Pose, Twist } from '../ros/messages.ts';

/** Playback speeds the player offers, slowest first (0.25: the relabel default). */
export const REPLAY_SPEEDS = [0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5, 0.8, 1, 2] as const;

export type ViewDriver = 'operator' | 'policy' | 'none';

/**
 * What the scene and HUD show at one instant. Live driving and replay both produce it,
 * so the views never ask which of the two they are showing.
 */
export interface ViewFrame {
  /** Seconds on the player's timeline (episode time in a replay). */
  t: number;
  pose: Pose | null;
  /** Measured velocity (body frame). */
  twist: Twist | null;
  /** What went on the wire at this instant. */
  command: Twist | null;
  driver: ViewDriver;
  doubt: number | null;
  /** ACTION_FIELDS order. */
  operatorAction: number[] | null;
  policyAction: number[] | null;
  /** Events of the frame shown (takeover, handback, collision, ...). */
  events: string[];
}

/** A plotted quantity, bucketed: bucket i covers [i, i+1) * bucketS; null where no frame fell. */
export interface BucketSeries {
  min: Array<number | null>;
  max: Array<number | null>;
}

export interface TimelineMarker {
  t: number;
  /** takeover, handback, estop, link-lost, collision, departure. */
  kind: string;
}

/** What the timeline under the view draws, computed once when an episode opens. */
export interface ReplayTimeline {
  durationS: number;
  /** Who drove, as runs of equal driver. */
  bands: Array<{ from: number; to: number; driver: ViewDriver }>;
  bucketS: number;
  doubt: BucketSeries;
  /** Per action component (ACTION_FIELDS order): what the operator and the policy asked for. */
  operator: BucketSeries[];
  policy: BucketSeries[];
  markers: TimelineMarker[];
  /** Action components that moved at all in this episode (e.g. linear_x, angular_z for a rover). */
  activeActions: number[];
}

export type PassStatus = 'pending' | 'accepted' | 'discarded' | 'incomplete';

/** One relabel pass over a range of an episode, as kept in the episode's sidecar file. */
export interface RelabelPassInfo {
  id: string;
  episodeId: string;
  operator: string;
  /** Episode seconds the pass covers. */
  from: number;
  to: number;
  speed: number;
  /** The operator's reaction time the labels were shifted by (wall ms). */
  latencyMs: number;
  createdAt: string;
  samples: number;
  status: PassStatus;
  /** The relabel track for plotting: episode time (compensated) and action (ACTION_FIELDS order). */
  track: { t: number[]; action: number[][] };
}

/** A relabel pass being driven right now. */
export interface RelabelSession {
  passId: string;
  from: number;
  to: number;
  speed: number;
  latencyMs: number;
  samples: number;
  /** The enable button is held: the stick is being recorded as labels. */
  labelling: boolean;
  /** The operator's command now (ACTION_FIELDS order). */
  command: number[] | null;
  /** Where the operator's commands would have taken the robot from the pass start. */
  ghost: Pose | null;
}

export interface ReplayState {
  episodeId: string;
  /** The world the episode was recorded in (null for a real robot). */
  world: 'lane' | 'forest' | null;
  durationS: number;
  positionS: number;
  frameIndex: number;
  frameCount: number;
  playing: boolean;
  speed: number;
  loop: { from: number; to: number } | null;
  frame: ViewFrame;
  relabel: RelabelSession | null;
}

export interface ReplayOpened {
  state: ReplayState;
  timeline: ReplayTimeline;
  passes: RelabelPassInfo[];
}

export interface ReplayControl {
  play?: boolean;
  seekS?: number;
  /** Steps this many frames (negative: back) and pauses. */
  stepFrames?: number;
  speed?: number;
  loop?: { from: number; to: number } | null;
}

/** The reaction-time calibration: a stimulus, the operator answers with the stick. */
export interface ReactionState {
  state: 'idle' | 'running' | 'done' | 'cancelled';
  operator: string;
  /** 1-based trial in progress. */
  trial: number;
  trials: number;
  /** Show the stimulus now. */
  stimulus: boolean;
  /** What to tell the operator (e.g. "Wait for the flash", "Too early, again"). */
  message: string;
  resultsMs: number[];
  meanMs: number | null;
  sdMs: number | null;
}

export interface OperatorInfo {
  name: string;
  /** Measured reaction time (ms), null before the first calibration. */
  reactionMs: number | null;
  reactionSdMs: number | null;
  trials: number;
  measuredAt: string | null;
}
