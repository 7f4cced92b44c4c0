import type { Clock } from '../base/clock.ts';
import type { InputHub } from '../input/hub.ts';
import { mapPad, type TeleopMapping } from '../input/mapping.ts';
import { actionOf } from '../record/frame.ts';
import type { Pose } from '../ros/messages.ts';
import type { Playback } from '../replay/playback.ts';
import type { RelabelSample } from '../relabel/pass.ts';
import type { RelabelPassInfo, RelabelSession } from './contract-replay.ts';
import { advanceGhost } from './ghost.ts';

/** Where a pass's samples go: the episode's sidecar, written as they come. */
export interface PassSink {
  readonly id: string;
  add(sample: RelabelSample): void;
  /** Ends the pass: kept as pending, or marked discarded. */
  finish(keep: boolean): Promise<RelabelPassInfo | null>;
}

export interface RelabelRecorderOptions {
  clock: Clock;
  hub: InputHub;
  mapping: TeleopMapping;
  playback: Playback;
  from: number;
  to: number;
  speed: number;
  latencyMs: number;
  sink: PassSink;
  /** The recorded pose at episode time t, where the ghost restarts from. */
  poseAt(t: number): Pose | null;
  /** The pass reached `to` and was kept. */
  onEnd(info: RelabelPassInfo | null): void;
  /** Samples per wall second (default 50, the control rate). */
  hz?: number;
}

/**
 * One relabel pass: the replay plays [from, to] at the chosen speed while the operator's
 * stick is sampled at the control rate of wall time. Samples carry the replay position
 * they were taken at; the reaction-time shift is applied when labels are read, so a
 * re-measured latency can still correct them.
 */
export class RelabelRecorder {
  private samples = 0;
  private labelling = false;
  private command: number[] | null = null;
  private ghost: Pose | null = null;
  private lastT: number;
  private cancel: (() => void) | null = null;
  private next: number;
  private finished: Promise<RelabelPassInfo | null> | null = null;
  private readonly startedAt: number;

  constructor(private readonly opts: RelabelRecorderOptions) {
    const p = opts.playback;
    p.setLoop(null);
    p.setSpeed(opts.speed);
    p.seek(opts.from);
    p.play();
    this.lastT = opts.from;
    this.next = opts.clock.now();
    this.startedAt = this.next;
    this.schedule();
  }

  session(): RelabelSession {
    const o = this.opts;
    return {
      passId: o.sink.id, from: o.from, to: o.to, speed: o.speed, latencyMs: o.latencyMs, samples: this.samples,
      labelling: this.labelling, command: this.command, ghost: this.ghost,
    };
  }

  /** Called by the replay's pump: ends the pass at the end of its range. */
  tick(): void {
    if (!this.finished && this.opts.playback.position() >= this.opts.to - 1e-9) {
      void this.stop(true).then((info) => this.opts.onEnd(info), () => this.opts.onEnd(null));
    }
  }

  stop(keep: boolean): Promise<RelabelPassInfo | null> {
    if (this.finished) return this.finished;
    this.cancel?.();
    this.cancel = null;
    this.opts.playback.pause();
    this.finished = this.opts.sink.finish(keep);
    return this.finished;
  }

  private schedule(): void {
    const period = 1000 / (this.opts.hz ?? 50);
    this.next += period;
    this.cancel = this.opts.clock.setTimeout(() => {
      this.sample();
      if (!this.finished) this.schedule();
    }, this.next - this.opts.clock.now());
  }

  private sample(): void {
    const o = this.opts;
    const t = Math.min(o.playback.position(), o.to);
    const input = o.hub.current(o.clock.now());
    // Input gone quiet for the live timeout counts as released, as it would when driving.
    const mapped = input && input.ageMs < 500 ? mapPad(input.state, o.mapping) : null;
    const enable = mapped !== null && mapped.enable;
    const action = mapped ? actionOf(mapped.twist) : [0, 0, 0, 0];
    const dt = t - this.lastT;
    this.lastT = t;
    // The ghost starts from the recorded robot whenever labelling (re)starts.
    if (enable && (!this.labelling || this.ghost === null)) this.ghost = o.poseAt(t);
    else if (enable && this.ghost) this.ghost = advanceGhost(this.ghost, action, dt);
    else this.ghost = null;
    this.labelling = enable;
    this.command = mapped ? action : null;
    o.sink.add({ wallMs: o.clock.now() - this.startedAt, replayT: t, action, enable });
    this.samples++;
  }
}
