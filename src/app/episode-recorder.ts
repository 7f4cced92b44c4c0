import type { Clock } from '../base/clock.ts';
import type { ProblemSet } from '../base/problem.ts';
import type { ControlStep } from '../control/controller.ts';
import { createObservationSpec } from '../learn/observation.ts';
import type { Dataset } from '../record/dataset.ts';
import type { EpisodeEntry, Outcome } from '../record/dataset-types.ts';
import { EpisodeWriter } from '../record/episode-writer.ts';
import { ACTION_FIELDS, type Frame } from '../record/frame.ts';
import type { RecordFs } from '../record/record-fs.ts';
import { rosTopic } from '../record/ros-schemas.ts';
import type { ConnectTarget, RecordingState, RobotProfile } from './contract.ts';
import type { DriveSession } from './drive-session.ts';
import { FrameBuilder } from './frame-builder.ts';

export interface RecorderOptions {
  clock: Clock;
  dataset: Dataset;
  fs: RecordFs;
  appVersion: string;
  operator: string;
  problems: ProblemSet;
  /** Nobody driving this long ends the episode; the next drive starts another. */
  idleEndMs?: number;
  log?: (line: string) => void;
}

interface Attached {
  session: DriveSession;
  profile: RobotProfile;
  target: ConnectTarget;
  release: Array<() => void>;
}

const PROBLEM = 'record.write';

/**
 * Records every drive without being asked: an episode opens at the first step someone
 * drives and closes on disconnect, a simulator reset, `newEpisode`, or a long idle spell.
 * Steps become frames on the control loop's thread; the writer does the disk work.
 */
export class EpisodeRecorder {
  private attached: Attached | null = null;
  private writer: EpisodeWriter | null = null;
  private builder: FrameBuilder | null = null;
  private opening: Promise<void> | null = null;
  /** Identifies the episode being opened; cleared when it is ended before it opened. */
  private openToken: object | null = null;
  private pending: Frame[] = [];
  private lastDriveAt = 0;
  private lastError: string | null = null;
  /** After a failure, wait for the next drive before trying again. */
  private failedDrive = false;
  private closing: Promise<unknown> = Promise.resolve();

  constructor(private readonly opts: RecorderOptions) {}

  get dataset(): Dataset {
    return this.opts.dataset;
  }

  attach(session: DriveSession, profile: RobotProfile, target: ConnectTarget): void {
    const release = [
      session.controller.onStep((step) => this.onStep(step)),
      session.onRaw((raw) => this.writer?.raw(raw.topic, raw.msg)),
    ];
    this.attached = { session, profile, target, release };
  }

  /** Ends the current episode and stops following the session. */
  async detach(outcome?: Outcome): Promise<void> {
    const a = this.attached;
    this.attached = null;
    for (const off of a?.release ?? []) off();
    await this.endEpisode(outcome);
  }

  /** Closes the current episode (if any); the next drive opens a new one. */
  endEpisode(outcome?: Outcome): Promise<EpisodeEntry | null> {
    const writer = this.writer;
    const opening = this.opening;
    this.writer = null;
    this.builder = null;
    this.opening = null;
    this.openToken = null;
    this.pending = [];
    const done = (async () => {
      // An episode still opening is closed by its opener once it sees it was ended.
      await opening;
      return writer ? this.finish(writer, outcome) : null;
    })();
    this.closing = done.catch(() => null);
    return done;
  }

  private async finish(writer: EpisodeWriter, outcome?: Outcome): Promise<EpisodeEntry | null> {
    const summary = await writer.close({ outcome: outcome ?? null });
    return this.opts.dataset.addEpisode(summary);
  }

  state(): RecordingState {
    const s = this.writer?.stats();
    const recording = this.writer !== null && s?.state === 'recording';
    return {
      state: this.lastError && !recording ? 'error' : recording || this.opening ? 'recording' : this.attached ? 'standby' : 'off',
      episodeId: this.writer?.id ?? null,
      frames: s?.frames ?? 0,
      durationS: s?.durationS ?? 0,
      dataset: this.opts.dataset.root,
      lastError: this.lastError,
    };
  }

  private onStep(step: ControlStep): void {
    const a = this.attached;
    if (!a) return;
    const driving = step.output.driver !== 'none';
    if (driving) this.lastDriveAt = step.at;
    else this.failedDrive = false;
    if (!this.writer && !this.opening) {
      if (!driving || this.failedDrive) return;
      this.open(a, step.at);
    } else if (!driving && step.at - this.lastDriveAt > (this.opts.idleEndMs ?? 60_000)) {
      void this.endEpisode();
      return;
    }
    if (!this.builder) return;
    const frame = this.builder.build(step, a.session.sensors, this.opts.clock.wallMs(), a.session.rttMs());
    if (this.writer) this.writer.frame(frame);
    else if (this.pending.length < 500) this.pending.push(frame);
  }

  private open(a: Attached, at: number): void {
    const world = a.target.kind === 'sim' ? a.target.world : null;
    const spec = createObservationSpec({ scanSectors: 36, useRoute: world !== null, world });
    this.builder = new FrameBuilder(spec, at, null);
    const { profile } = a;
    const token = {};
    this.openToken = token;
    this.opening = (async () => {
      await this.closing;
      const id = await this.opts.dataset.newEpisodeId(this.opts.clock.wallMs());
      const writer = await EpisodeWriter.open({
        dir: this.opts.dataset.episodesDir,
        id,
        fs: this.opts.fs,
        clock: this.opts.clock,
        t0: at,
        metadata: {
          id, round: 0, robot_profile: profile.name, world, seed: a.target.kind === 'sim' ? a.target.seed : null,
          operator: this.opts.operator, app_version: this.opts.appVersion, start: new Date(this.opts.clock.wallMs()).toISOString(),
          obs_fields: [...spec.fields], action_fields: [...ACTION_FIELDS], policy_version: null, profile,
        },
        rawTopics: [
          rosTopic(profile.odomTopic, 'nav_msgs/Odometry'),
          ...(profile.scanTopic ? [rosTopic(profile.scanTopic, 'sensor_msgs/LaserScan')] : []),
          rosTopic(profile.cmdTopic, profile.cmdType),
        ],
      });
      writer.onError((e) => {
        this.lastError = e.message;
        this.failedDrive = true;
        this.opts.problems.raise({ key: PROBLEM, severity: 'error', message: `Recording stopped: ${e.message}. Episode ${e.episodeId} was closed as incomplete.`, hint: e.hint });
        void this.endEpisode();
      });
      if (this.openToken !== token) {
        // Ended while opening: what was recorded so far is still an episode.
        for (const f of this.pending) writer.frame(f);
        await this.finish(writer);
        return;
      }
      this.writer = writer;
      this.opening = null;
      this.openToken = null;
      this.lastError = null;
      this.opts.problems.clear(PROBLEM);
      for (const f of this.pending) writer.frame(f);
      this.pending = [];
      this.opts.log?.(`recording episode ${id}`);
    })().catch((err: unknown) => {
      this.opening = null;
      this.openToken = null;
      this.builder = null;
      this.failedDrive = true;
      this.lastError = err instanceof Error ? err.message : String(err);
      this.opts.problems.raise({ key: PROBLEM, severity: 'error', message: `Could not start recording: ${this.lastError}`, hint: `Check that ${this.opts.dataset.root} is writable and has free space.` });
    });
  }
}
