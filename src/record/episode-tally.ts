import type { EpisodeEntry } from './dataset-types.ts';
import type { Frame } from './frame.ts';

/** The EpisodeEntry figures that come from an episode's frames and odometry. */
export type EpisodeStats = Pick<EpisodeEntry,
  'frames' | 'operator_frames' | 'policy_frames' | 'interventions' | 'operator_share' | 'duration_s' | 'distance_m' | 'collisions' | 'departures'>;

/** A position step longer than this is a reset or a teleport, not travel. */
const MAX_STEP_M = 10;

class PathLength {
  private last: [number, number, number] | null = null;
  total = 0;
  seen = false;

  add(x: number, y: number, z: number): void {
    if (!Number.isFinite(x) || !Number.isFinite(y) || !Number.isFinite(z)) return;
    if (this.last) {
      const d = Math.hypot(x - this.last[0], y - this.last[1], z - this.last[2]);
      if (d <= MAX_STEP_M) this.total += d;
    }
    this.last = [x, y, z];
    this.seen = true;
  }
}

/**
 * Counts an episode as it is recorded (the writer) or read back (recovery, a rebuilt
 * manifest), so both give the same figures. Distance comes from odometry when the
 * episode has any, else from `x`/`y`/`z` observation fields.
 */
export class EpisodeTally {
  private frames = 0;
  private operator = 0;
  private policy = 0;
  private takeovers = 0;
  private collisions = 0;
  private departures = 0;
  private lastT = 0;
  private readonly odometry = new PathLength();
  private readonly obsPath = new PathLength();
  private readonly obsIndex: [number, number, number] | null;

  constructor(obsFields: readonly string[] = []) {
    const [x, y, z] = ['x', 'y', 'z'].map((f) => obsFields.indexOf(f));
    this.obsIndex = x !== undefined && y !== undefined && x >= 0 && y >= 0 ? [x, y, z ?? -1] : null;
  }

  addFrame(f: Frame): void {
    this.frames++;
    if (f.driver === 'operator') this.operator++;
    else if (f.driver === 'policy') this.policy++;
    for (const e of f.events) {
      if (e === 'takeover') this.takeovers++;
      else if (e === 'collision') this.collisions++;
      else if (e === 'departure') this.departures++;
    }
    if (Number.isFinite(f.t) && f.t > this.lastT) this.lastT = f.t;
    if (this.obsIndex) {
      const [xi, yi, zi] = this.obsIndex;
      this.obsPath.add(f.obs[xi] ?? NaN, f.obs[yi] ?? NaN, zi >= 0 ? (f.obs[zi] ?? NaN) : 0);
    }
  }

  /** An odometry position (nav_msgs/Odometry pose.pose.position). */
  addPosition(x: number, y: number, z: number): void {
    this.odometry.add(x, y, z);
  }

  /** Adds the position of an Odometry-shaped message; ignores anything else. */
  addOdometry(msg: unknown): void {
    const p = (msg as { pose?: { pose?: { position?: { x?: unknown; y?: unknown; z?: unknown } } } } | null)?.pose?.pose?.position;
    if (p && typeof p.x === 'number' && typeof p.y === 'number') this.addPosition(p.x, p.y, typeof p.z === 'number' ? p.z : 0);
  }

  get frameCount(): number {
    return this.frames;
  }

  get durationS(): number {
    return this.lastT;
  }

  result(): EpisodeStats {
    const driven = this.operator + this.policy;
    const distance = this.odometry.seen ? this.odometry.total : this.obsPath.total;
    return {
      frames: this.frames,
      operator_frames: this.operator,
      policy_frames: this.policy,
      interventions: this.takeovers,
      operator_share: driven > 0 ? round(this.operator / driven, 4) : 0,
      duration_s: round(this.lastT, 3),
      distance_m: round(distance, 3),
      collisions: this.collisions,
      departures: this.departures,
    };
  }
}

/** The same figures for frames already in memory (and odometry messages, if any). */
export function summarizeEpisode(frames: readonly Frame[], options: { obsFields?: readonly string[]; odometry?: readonly unknown[] } = {}): EpisodeStats {
  const tally = new EpisodeTally(options.obsFields);
  for (const f of frames) tally.addFrame(f);
  for (const m of options.odometry ?? []) tally.addOdometry(m);
  return tally.result();
}

const round = (v: number, digits: number): number => Math.round(v * 10 ** digits) / 10 ** digits;
