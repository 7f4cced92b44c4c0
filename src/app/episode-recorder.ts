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
  /** Who is at the controls when an episode opens. */
  operator: string | (() => string);
  problems: ProblemSet;
  /** Nobody driving this long ends the episode; the next drive starts another. */
  idleEndMs?: number;
  /** Who is driving episodes now: round 0 for demonstrations, N while policy vN drives (gated). */
  provenance?: () => { round: number; policyVersion: string | null };
  log?: (line: string) => void;
}

interface Attached {
  session: DriveSession;
  profile: RobotProfile;
  target: ConnectTarget;
  release: Array<() => void>;
}

/** An episode from its first driven step until its writer is open: its frames wait here. */
interface Opening {
  frames: Frame[];
  builder: FrameBuilder;
  ended: boolean;
  done: Promise<void>;
}

const PROBLEM = 'record.write';
const MAX_PENDING = 500;

/**
 * Records every drive without being asked: an episode opens at the first step someone
 * drives and closes on disconnect, a simulator reset, `newEpisode`, or a long idle spell.
 * Steps become frames on the control loop's thread; the writer does the disk work.
 */
export class EpisodeRecorder {
  private attached: Attached | null = null;
  private writer: EpisodeWriter | null = null;
  private builder: FrameBuilder | null = null;
  private opening: Opening | null = null;
  private lastDriveAt = 0;
  private lastError: string | null = null;
  /** After a failure, wait for the next drive before trying again. */
  private failedDrive = false;
  /** While held, no new episode opens (a simulator reset in progress). */
  private held = false;
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

  /** Stops following the session at once; the episode's close is awaited. */
  async detach(outcome?: Outcome): Promise<void> {
    const a = this.attached;
    this.attached = null;
    for (const off of a?.release ?? []) off();
    await this.endEpisode(outcome);
  }

  /** No new episode opens until `resume` (e.g. while the simulator resets). */
  hold(): void {
    this.held = true;
  }

  resume(): void {
    this.held = false;
  }

  /** Closes the current episode (if any) and waits for every close in flight; the next drive opens a new one. */
  endEpisode(outcome?: Outcome): Promise<EpisodeEntry | null> {
    const writer = this.writer;
    const opening = this.opening;
    this.writer = null;
    this.builder = null;
    this.opening = null;
    if (opening) opening.ended = true;
    const previous = this.closing;
    const done = (async () => {
      await previous;
      // An episode still opening is closed by its own opener, with its own frames.
      if (opening) await opening.done;
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
      if (!driving || this.failedDrive || this.held) return;
      this.open(a, step.at);
    } else if (!driving && step.at - this.lastDriveAt > (this.opts.idleEndMs ?? 60_000)) {
      void this.endEpisode();
      return;
    }
    if (!this.builder) return;
    const version = this.opts.provenance?.().policyVersion ?? null;
    const frame = this.builder.build(step, a.session.sensors, this.opts.clock.wallMs(), a.session.rttMs(), version);
    if (this.writer) this.writer.frame(frame);
    else if (this.opening && this.opening.frames.length < MAX_PENDING) this.opening.frames.push(frame);
  }

  private open(a: Attached, at: number): void {
    const world = a.target.kind === 'sim' ? a.target.world : null;
    const spec = createObservationSpec({ scanSectors: 36, useRoute: world !== null, world });
    const builder = new FrameBuilder(spec, at, null);
    const { round, policyVersion } = this.opts.provenance?.() ?? { round: 0, policyVersion: null };
    const { profile } = a;
    const opening: Opening = { frames: [], builder, ended: false, done: Promise.resolve() };
    this.builder = builder;
    this.opening = opening;
    const previous = this.closing;
    opening.done = (async () => {
      await previous;
      const id = await this.opts.dataset.newEpisodeId(this.opts.clock.wallMs());
      const writer = await EpisodeWriter.open({
        dir: this.opts.dataset.episodesDir,
        id,
        fs: this.opts.fs,
        clock: this.opts.clock,
        t0: at,
        metadata: {
          id, round, robot_profile: profile.name, world, seed: a.target.kind === 'sim' ? a.target.seed : null,
          operator: typeof this.opts.operator === 'function' ? this.opts.operator() : this.opts.operator, app_version: this.opts.appVersion, start: new Date(this.opts.clock.wallMs()).toISOString(),
          obs_fields: [...spec.fields], action_fields: [...ACTION_FIELDS], policy_version: policyVersion, profile,
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
        // Only the episode that failed is ended, never a later one.
        if (this.writer === writer) void this.endEpisode();
      });
      for (const f of opening.frames) writer.frame(f);
      opening.frames = [];
      if (opening.ended) {
        // Ended while opening: what was recorded so far is still an episode.
        await this.finish(writer);
        return;
      }
      this.writer = writer;
      this.opening = null;
      this.lastError = null;
      this.opts.problems.clear(PROBLEM);
      this.opts.log?.(`recording episode ${id}`);
    })().catch((err: unknown) => {
      if (this.opening === opening) {
        this.opening = null;
        this.builder = null;
      }
      this.failedDrive = true;
      this.lastError = err instanceof Error ? err.message : String(err);
      this.opts.problems.raise({ key: PROBLEM, severity: 'error', message: `Could not start recording: ${this.lastError}`, hint: `Check that ${this.opts.dataset.root} is writable and has free space.` });
    });
  }
}
