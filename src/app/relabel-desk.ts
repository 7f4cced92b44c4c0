import type { Clock } from '../base/clock.ts';
import { DisposableStore } from '../base/disposable.ts';
import type { ProblemSet } from '../base/problem.ts';
import type { InputHub } from '../input/hub.ts';
import type { TeleopMapping } from '../input/mapping.ts';
import type { Dataset } from '../record/dataset.ts';
import type { RecordFs } from '../record/record-fs.ts';
import { passInfo } from '../relabel/pass.ts';
import { PassWriter } from '../relabel/pass-writer.ts';
import { ReactionCalibration } from '../relabel/reaction.ts';
import { readSidecar, sidecarPath, SidecarLog, writeStatus, type SettledStatus } from '../relabel/sidecar.ts';
import type { SidecarFs } from '../relabel/sidecar-fs.ts';
import { motionAt } from '../replay/view-frame.ts';
import { parseMarkerArray, type MarkerArray } from '../ros/messages.ts';
import { createWorld } from '../sim/world/create-world.ts';
import type { AppEvent } from './contract.ts';
import { REPLAY_SPEEDS, type OperatorInfo, type ReactionState, type RelabelPassInfo, type ReplayState } from './contract-replay.ts';
import type { OperatorStore } from './operator-store.ts';
import { simProfile, validateProfile } from './profiles.ts';
import { RelabelRecorder, type PassSink } from './relabel-recorder.ts';
import { ReplayService } from './replay-service.ts';

export interface RelabelDeskOptions {
  clock: Clock;
  dataset: Dataset;
  fs?: RecordFs;
  sidecarFs: SidecarFs;
  hub: InputHub;
  problems: ProblemSet;
  operators: OperatorStore;
  emit(event: AppEvent): void;
  hold(reason: string | null): void;
  /** The live link's drawings, put back when a replay closes. */
  liveMarkers?(): MarkerArray | null;
}

/**
 * Replay, relabel passes and the reaction-time calibration: the offline desk where
 * late live corrections are redone slowly. Owns the replay, the pass being driven, the
 * sidecar logs, and the calibration, and turns their outcomes into UI events.
 */
export class RelabelDesk {
  readonly replay: ReplayService;
  private readonly logs = new Map<string, SidecarLog>();
  private reaction: ReactionCalibration | null = null;
  private readonly store = new DisposableStore();
  private starting = false;

  constructor(private readonly opts: RelabelDeskOptions) {
    this.replay = new ReplayService({
      clock: opts.clock, dataset: opts.dataset, fs: opts.fs, problems: opts.problems, emit: opts.emit, hold: opts.hold,
      passes: (file, id) => this.passes(file, id),
      worldMarkers, liveMarkers: opts.liveMarkers,
    });
    // The calibration hears every pad and the keyboard, whichever is active.
    this.store.add(opts.hub.onSample((s) => this.reaction?.feed(s.state.axes)));
  }

  async startRelabel(r: { from: number; to: number; speed: number }): Promise<ReplayState> {
    const open = this.replay.episode;
    if (!open) throw new Error('Open an episode in the replay first');
    if (this.replay.relabel || this.starting) throw new Error('A relabel pass is already running: stop it first');
    if (!(REPLAY_SPEEDS as readonly number[]).includes(r.speed)) throw new Error(`Speed ${r.speed} is not one of ${REPLAY_SPEEDS.join(', ')}`);
    const from = Math.max(0, r.from), to = Math.min(open.track.durationS, r.to);
    if (!(to - from >= 0.1)) throw new Error(`Pick a range of at least 0.1 s inside the episode (0 to ${open.track.durationS.toFixed(2)} s)`);
    const who = this.opts.operators.get(this.opts.operators.current);
    const latencyMs = who.reactionMs ?? 0;
    if (who.reactionMs === null) {
      this.opts.problems.raise({ key: 'relabel.latency', severity: 'warning', message: `${who.name}'s reaction time is not measured: this pass's labels are not shifted.`, hint: 'Measure it (J) before relabelling; a measured latency can still be applied later.' });
    }
    this.starting = true;
    try {
      const log = this.log(open.file);
      const header = {
        id: `pass-${new Date(this.opts.clock.wallMs()).toISOString().replace(/[:.]/g, '-')}`,
        episodeId: open.id, operator: who.name, from, to, speed: r.speed, latencyMs,
        createdAt: new Date(this.opts.clock.wallMs()).toISOString(),
      };
      const writer = await PassWriter.open({ log, clock: this.opts.clock, header });
      writer.onError((err) => this.opts.problems.raise({ key: 'relabel.write', severity: 'error', message: err.message, hint: 'The pass stopped recording; earlier passes are intact. Free disk space and relabel again.' }));
      const sink: PassSink = {
        id: writer.id,
        add: (s) => writer.add(s),
        finish: async (keep) => {
          await writer.end();
          if (!keep) await writeStatus(log, writer.id, 'discarded');
          await this.publishPasses(open.file, open.id);
          return keep ? (await this.passes(open.file, open.id)).find((p) => p.id === writer.id) ?? null : null;
        },
      };
      this.replay.relabel = new RelabelRecorder({
        clock: this.opts.clock, hub: this.opts.hub, mapping: episodeMapping(open.reader.metadata?.profile, open.world),
        playback: open.playback, from, to, speed: r.speed, latencyMs, sink,
        poseAt: (t) => motionAt(open.track.odom, t)?.pose ?? null,
        onEnd: () => {
          this.replay.relabel = null;
          this.replay.touch();
        },
      });
    } finally {
      this.starting = false;
    }
    this.replay.touch();
    return this.replay.state() as ReplayState;
  }

  async stopRelabel(keep: boolean): Promise<RelabelPassInfo | null> {
    const rec = this.replay.relabel;
    if (!rec) return null;
    this.replay.relabel = null;
    this.replay.touch();
    return rec.stop(keep);
  }

  async setPassStatus(episodeId: string, passId: string, status: SettledStatus): Promise<RelabelPassInfo> {
    const entry = this.opts.dataset.get(episodeId);
    if (!entry) throw new Error(`No episode ${JSON.stringify(episodeId)} in the dataset`);
    const file = `${this.opts.dataset.root}/${entry.file}`;
    const passes = await this.passes(file, episodeId);
    const pass = passes.find((p) => p.id === passId);
    if (!pass) throw new Error(`Episode ${episodeId} has no relabel pass ${passId}`);
    if (pass.status === 'incomplete') throw new Error(`Pass ${passId} was cut off (the app stopped while it ran): it can be looked at, not used`);
    await writeStatus(this.log(file), passId, status);
    const after = await this.publishPasses(file, episodeId);
    return after.find((p) => p.id === passId) as RelabelPassInfo;
  }

  operatorList(): { operators: OperatorInfo[]; current: string } {
    return { operators: this.opts.operators.list(), current: this.opts.operators.current };
  }

  async setOperator(name: string): Promise<OperatorInfo> {
    const info = await this.opts.operators.select(name);
    this.opts.emit({ type: 'operators', ...this.operatorList() });
    return info;
  }

  startReaction(trials: number): ReactionState {
    this.reaction?.dispose();
    const calibration = new ReactionCalibration(this.opts.clock);
    this.reaction = calibration;
    const operator = this.opts.operators.current;
    calibration.onChange((state) => {
      this.opts.emit({ type: 'reaction', reaction: state });
      if (state.state === 'done' && state.meanMs !== null && this.reaction === calibration) {
        void this.opts.operators.setReaction(operator, {
          meanMs: state.meanMs, sdMs: state.sdMs ?? 0, trials: state.resultsMs.length, at: new Date(this.opts.clock.wallMs()).toISOString(),
        }).then(() => {
          this.opts.problems.clear('relabel.latency');
          this.opts.emit({ type: 'operators', ...this.operatorList() });
        }, (err: unknown) => this.opts.problems.raise({ key: 'relabel.operators', severity: 'warning', message: `The reaction time could not be saved: ${err instanceof Error ? err.message : String(err)}` }));
      }
    });
    calibration.start(operator, trials);
    // A stick at rest may send nothing until it moves: start from what the hub holds now.
    const now = this.opts.hub.current();
    if (now) calibration.feed(now.state.axes);
    return calibration.state();
  }

  cancelReaction(): void {
    this.reaction?.cancel();
  }

  private async passes(episodeFile: string, _episodeId: string): Promise<RelabelPassInfo[]> {
    const { passes, problems } = await readSidecar(this.opts.sidecarFs, sidecarPath(episodeFile));
    for (const p of problems) this.opts.problems.raise({ key: `relabel.sidecar:${episodeFile}`, severity: 'warning', message: p });
    return passes.map((p) => passInfo(p));
  }

  private async publishPasses(episodeFile: string, episodeId: string): Promise<RelabelPassInfo[]> {
    const passes = await this.passes(episodeFile, episodeId);
    this.opts.emit({ type: 'passes', episodeId, passes });
    return passes;
  }

  private log(episodeFile: string): SidecarLog {
    const path = sidecarPath(episodeFile);
    let log = this.logs.get(path);
    if (!log) {
      log = new SidecarLog(this.opts.sidecarFs, path);
      this.logs.set(path, log);
    }
    return log;
  }

  async dispose(): Promise<void> {
    this.reaction?.dispose();
    this.store.dispose();
    await this.replay.dispose();
  }
}

/** A simulator episode's world is its seed: draw it again, since markers are not recorded. */
function worldMarkers(world: string | null, seed: number | null): MarkerArray | null {
  if ((world !== 'lane' && world !== 'forest') || seed === null || !Number.isSafeInteger(seed)) return null;
  return parseMarkerArray(createWorld(world, seed).markers());
}

/** The stick mapping of the robot the episode was recorded with: labels in its units. */
function episodeMapping(profile: object | undefined, world: 'lane' | 'forest' | null): TeleopMapping {
  const p = profile ? validateProfile(profile) : null;
  if (p && typeof p !== 'string') return p.mapping;
  return simProfile(world ?? 'lane').mapping;
}
