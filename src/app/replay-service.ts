import type { Clock } from '../base/clock.ts';
import type { ProblemSet } from '../base/problem.ts';
import type { Dataset } from '../record/dataset.ts';
import { EpisodeReader } from '../record/episode-reader.ts';
import type { RecordFs } from '../record/record-fs.ts';
import { buildTimeline } from '../replay/timeline.ts';
import { frameIndexAt, loadEpisodeTrack, viewFrameAt, type EpisodeTrack } from '../replay/episode-track.ts';
import { Playback } from '../replay/playback.ts';
import { ScanCursor } from '../replay/scan-cursor.ts';
import { parseMarkerArray, type MarkerArray } from '../ros/messages.ts';
import type { AppEvent } from './contract.ts';
import { REPLAY_SPEEDS, type RelabelPassInfo, type ReplayControl, type ReplayOpened, type ReplayState, type ReplayTimeline } from './contract-replay.ts';
import type { RelabelRecorder } from './relabel-recorder.ts';

export interface ReplayServiceOptions {
  clock: Clock;
  dataset: Dataset;
  fs?: RecordFs;
  problems: ProblemSet;
  emit(event: AppEvent): void;
  /** Holds the live robot still while a replay is open (null: release). */
  hold(reason: string | null): void;
  /** The episode's relabel passes, from its sidecar. */
  passes(episodeFile: string, episodeId: string): Promise<RelabelPassInfo[]>;
  /** The drawings of the world an episode was recorded in (null: none known). */
  worldMarkers?(world: string | null, seed: number | null): MarkerArray | null;
  /** The live link's drawings, put back when the replay closes. */
  liveMarkers?(): MarkerArray | null;
  /** UI updates per second while playing (default 30). */
  stateHz?: number;
}

/** ROS's DELETEALL (action 3) in no namespace: wipes every drawing. */
const CLEAR_MARKERS = parseMarkerArray({ markers: [{ id: 0, type: 0, action: 3 }] }) as MarkerArray;

interface OpenEpisode {
  id: string;
  timeline: ReplayTimeline;
  file: string;
  world: 'lane' | 'forest' | null;
  reader: EpisodeReader;
  track: EpisodeTrack;
  playback: Playback;
  scans: ScanCursor;
}

/**
 * The recorded half of the player: one episode open at a time, played on the app clock,
 * its state pushed to the UI as `replay` events while it plays. While an episode is
 * open the live robot is held: the same stick drives the relabel ghost, never the robot.
 */
export class ReplayService {
  private current: OpenEpisode | null = null;
  private opening = 0;
  private cancelPump: (() => void) | null = null;
  private dirty = false;
  private fetchingScan = false;
  relabel: RelabelRecorder | null = null;

  constructor(private readonly opts: ReplayServiceOptions) {}

  get episode(): OpenEpisode | null {
    return this.current;
  }

  async open(id: string): Promise<ReplayOpened> {
    const entry = this.opts.dataset.get(id);
    if (!entry) throw new Error(`No episode ${JSON.stringify(id)} in the dataset`);
    const already = this.current;
    // A second window (or a reloaded page) asks for what is open: give it, do not reopen.
    if (already?.id === id) {
      return { state: this.state() as ReplayState, timeline: already.timeline, passes: await this.passesOf(already) };
    }
    const ticket = ++this.opening;
    const file = `${this.opts.dataset.root}/${entry.file}`;
    const reader = await EpisodeReader.open(file, { fs: this.opts.fs });
    let track: EpisodeTrack;
    try {
      let last = -1;
      track = await loadEpisodeTrack(reader, (fraction) => {
        if (fraction - last < 0.02 && fraction < 1) return;
        last = fraction;
        this.opts.emit({ type: 'replayOpening', opening: { episodeId: id, fraction } });
      });
      if (track.frameTimes.length === 0) throw new Error(`Episode ${id} holds no control steps to replay`);
    } catch (err) {
      await reader.close().catch(() => undefined);
      throw err;
    }
    if (ticket !== this.opening) {
      await reader.close().catch(() => undefined);
      throw new Error(`Opening ${id} was superseded by another episode`);
    }
    await this.close();
    this.opts.hold('an episode is open in the replay');
    const world = entry.world === 'lane' || entry.world === 'forest' ? entry.world : null;
    this.current = {
      id, file, world, reader, track, timeline: buildTimeline(track),
      playback: new Playback(this.opts.clock, track.frameTimes, track.durationS),
      scans: new ScanCursor(reader, track),
    };
    this.dirty = true;
    this.pump();
    const markers = this.opts.worldMarkers?.(entry.world, entry.seed) ?? null;
    this.opts.emit({ type: 'markers', markers: markers ?? CLEAR_MARKERS });
    const open = this.current;
    return { state: this.state() as ReplayState, timeline: open.timeline, passes: await this.passesOf(open) };
  }

  private passesOf(open: OpenEpisode): Promise<RelabelPassInfo[]> {
    return this.opts.passes(open.file, open.id).catch((err: unknown) => {
      this.opts.problems.raise({ key: `replay.sidecar:${open.id}`, severity: 'warning', message: `Relabel passes of ${open.id} could not be read: ${err instanceof Error ? err.message : String(err)}` });
      return [];
    });
  }

  async close(): Promise<void> {
    const open = this.current;
    if (!open) return;
    await this.relabel?.stop(true).catch(() => undefined);
    this.relabel = null;
    this.current = null;
    this.cancelPump?.();
    this.cancelPump = null;
    await open.reader.close().catch(() => undefined);
    this.opts.hold(null);
    this.opts.emit({ type: 'replay', replay: null });
    this.opts.emit({ type: 'markers', markers: this.opts.liveMarkers?.() ?? CLEAR_MARKERS });
  }

  control(c: ReplayControl): ReplayState {
    const open = this.need();
    const p = open.playback;
    if (this.relabel && (c.seekS !== undefined || c.stepFrames !== undefined || c.speed !== undefined || c.loop !== undefined)) {
      throw new Error('A relabel pass is running: stop it (Enter keeps it, Backspace discards it) before moving the replay');
    }
    if (c.speed !== undefined) {
      if (!(REPLAY_SPEEDS as readonly number[]).includes(c.speed)) throw new Error(`Speed ${c.speed} is not one of ${REPLAY_SPEEDS.join(', ')}`);
      p.setSpeed(c.speed);
    }
    if (c.loop !== undefined) p.setLoop(c.loop);
    if (c.seekS !== undefined) {
      if (!Number.isFinite(c.seekS)) throw new Error('seekS must be a number of seconds');
      p.seek(c.seekS);
    }
    if (c.stepFrames !== undefined) {
      if (!Number.isInteger(c.stepFrames)) throw new Error('stepFrames must be an integer');
      p.step(c.stepFrames);
    }
    if (c.play === true) p.play();
    if (c.play === false) p.pause();
    this.dirty = true;
    return this.state() as ReplayState;
  }

  state(): ReplayState | null {
    const open = this.current;
    if (!open) return null;
    const p = open.playback;
    const t = p.position();
    const frame = viewFrameAt(open.track, t);
    return {
      episodeId: open.id, world: open.world, durationS: open.track.durationS, positionS: t,
      frameIndex: Math.max(0, frameIndexAt(open.track, t)), frameCount: open.track.frameTimes.length,
      playing: p.playing, speed: p.speed, loop: p.loop, frame,
      relabel: this.relabel?.session() ?? null,
    };
  }

  /** Something changed that the UI must see even while paused. */
  touch(): void {
    this.dirty = true;
  }

  private need(): OpenEpisode {
    if (!this.current) throw new Error('No episode is open in the replay');
    return this.current;
  }

  private pump(): void {
    const period = 1000 / (this.opts.stateHz ?? 30);
    const beat = () => {
      const open = this.current;
      if (!open) return;
      this.relabel?.tick();
      if (open.playback.playing || this.dirty || this.relabel) {
        this.dirty = false;
        const state = this.state() as ReplayState;
        this.opts.emit({ type: 'replay', replay: state });
        this.sendScan(open, state.positionS);
      }
      this.cancelPump = this.opts.clock.setTimeout(beat, period);
    };
    this.cancelPump = this.opts.clock.setTimeout(beat, 0);
  }

  private sendScan(open: OpenEpisode, t: number): void {
    // One read at a time: at 30 Hz a slow disk must not queue reads behind each other.
    if (this.fetchingScan) return;
    this.fetchingScan = true;
    open.scans.scanAt(t).then((scan) => {
      if (scan && this.current === open) this.opts.emit({ type: 'replayScan', scan });
    }, () => undefined).finally(() => {
      this.fetchingScan = false;
    });
  }

  async dispose(): Promise<void> {
    this.opening++;
    await this.close();
  }
}
