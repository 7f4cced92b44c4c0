/** The dataset manifest (`manifest.json` at the dataset's root) and its episode entries. */
export type Outcome = 'success' | 'failure';

export interface EpisodeEntry {
  id: string;
  /** Path of the .mcap relative to the dataset root (episodes/… or quarantine/…). */
  file: string;
  /** 0 = demonstrations; N = driven with policy vN. */
  round: number;
  /** ISO 8601 wall-clock times. */
  start: string;
  end: string;
  duration_s: number;
  distance_m: number;
  frames: number;
  operator_frames: number;
  policy_frames: number;
  /** Takeovers (operator took control from the policy). */
  interventions: number;
  /** operator_frames / frames driven by anyone. */
  operator_share: number;
  outcome: Outcome | null;
  notes: string;
  /** False when the episode was recovered after a crash or closed by a write error. */
  complete: boolean;
  quarantined: boolean;
  robot: string;
  world: string | null;
  seed: number | null;
  policy_version: string | null;
  operator: string;
  collisions: number | null;
  departures: number | null;
}

export interface Manifest {
  version: 1;
  created: string;
  episodes: EpisodeEntry[];
}

/** Episode metadata written into the MCAP file (name `intervene.episode`). */
export interface EpisodeMetadata {
  id: string;
  round: number;
  robot_profile: string;
  world: string | null;
  seed: number | null;
  operator: string;
  app_version: string;
  start: string;
  obs_fields: string[];
  action_fields: string[];
  policy_version: string | null;
  /** The whole robot profile in force (topics, limits, mapping), for the record. */
  profile?: object;
}
