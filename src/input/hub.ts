import { Emitter } from '../base/emitter.ts';
import { Btn, neutralPad } from './pad.ts';
import type { InputSample, PadState, SourceKind } from './pad.ts';
import { sanitizePad } from './pad-sanitize.ts';
import type { InputSourceInfo } from '../app/contract.ts';
import type { Clock } from '../base/clock.ts';
import type { Disposable } from '../base/disposable.ts';

export interface ActiveInput {
  sourceId: string;
  kind: SourceKind;
  label: string;
  state: PadState;
  /** Clock ms of the latest sample. */
  t: number;
  ageMs: number;
  /** Clock ms when this source last went from idle to active (its deadman press), if ever. */
  engagedAt: number | null;
}

export interface InputHubOptions {
  clock: Clock;
  /** The deadman button, reported per source for the HUD. */
  enableButton?: number;
  /**
   * A stick past this (or any button pressed) makes a source active. Larger than joy's
   * deadzone on purpose: worn sticks drift past 0.05 at rest, and a resting pad must not
   * take control. Activity ends only below half of it, so jitter at the edge does not
   * count as new activity.
   */
  activityThreshold?: number;
}

interface Entry {
  sample: InputSample;
  active: boolean;
  /** Order of this source's latest idle-to-active step; null if never active. */
  engaged: number | null;
  /** Clock ms of that step. */
  engagedAt: number | null;
  /** Order of arrival, for choosing among sources none of which was ever active. */
  seq: number;
}

/**
 * Collects samples from every input source and says which one drives. The source that
 * most recently *became* active wins: a source merely reporting neutral never takes
 * control, and a second operator pressing the deadman takes it at once. Two sources held
 * active together do not flap: the later engagement keeps control until the other is
 * released and engaged again. A stale source keeps control; judging staleness is the
 * safety supervisor's job, so the hub only reports ages.
 */
export class InputHub implements Disposable {
  private readonly entries = new Map<string, Entry>();
  private readonly samples = new Emitter<InputSample>();
  private readonly changes = new Emitter<ActiveInput | null>();
  private seq = 0;
  private currentId: string | null = null;
  private readonly enter: number;
  private enableButton: number;

  constructor(private readonly opts: InputHubOptions) {
    this.enter = opts.activityThreshold ?? 0.15;
    this.enableButton = opts.enableButton ?? Btn.LB;
  }

  setEnableButton(index: number): void {
    this.enableButton = index;
  }

  push(raw: InputSample): void {
    const state = sanitizePad(raw.state.axes, raw.state.buttons) ?? neutralPad();
    const sample: InputSample = { ...raw, state };
    const old = this.entries.get(sample.sourceId);
    const active = this.isActive(state, old?.active ?? false);
    const engaged = active && !(old?.active ?? false);
    const entry: Entry = {
      sample,
      active,
      engaged: engaged ? this.seq++ : (old?.engaged ?? null),
      engagedAt: engaged ? sample.t : (old?.engagedAt ?? null),
      seq: old?.seq ?? this.seq++,
    };
    this.entries.set(sample.sourceId, entry);
    const before = this.currentId;
    this.currentId = this.choose();
    this.samples.fire(sample);
    const changedState = old === undefined || !samePad(old.sample.state, state) || old.sample.label !== sample.label;
    if (before !== this.currentId || (this.currentId === sample.sourceId && changedState)) this.changes.fire(this.current());
  }

  remove(sourceId: string): void {
    if (!this.entries.delete(sourceId)) return;
    const before = this.currentId;
    this.currentId = this.choose();
    if (before !== this.currentId) this.changes.fire(this.current());
  }

  current(now = this.opts.clock.now()): ActiveInput | null {
    const e = this.currentId === null ? undefined : this.entries.get(this.currentId);
    if (!e) return null;
    const s = e.sample;
    return { sourceId: s.sourceId, kind: s.kind, label: s.label, state: s.state, t: s.t, ageMs: now - s.t, engagedAt: e.engagedAt };
  }

  sources(now = this.opts.clock.now()): InputSourceInfo[] {
    return [...this.entries.values()].sort((a, b) => a.seq - b.seq).map((e) => ({
      id: e.sample.sourceId,
      kind: e.sample.kind,
      label: e.sample.label,
      ageMs: now - e.sample.t,
      enable: (e.sample.state.buttons[this.enableButton] ?? 0) >= 0.5,
      active: e.sample.sourceId === this.currentId,
    }));
  }

  /** Every sample, as it arrives. */
  onSample(listener: (sample: InputSample) => void): () => void {
    return this.samples.on(listener);
  }

  /**
   * When the driving input changes: another source takes over, or the current one's
   * state changes. The control loop publishes on this rather than waiting for its tick.
   */
  onChange(listener: (current: ActiveInput | null) => void): () => void {
    return this.changes.on(listener);
  }

  private isActive(state: PadState, wasActive: boolean): boolean {
    const threshold = wasActive ? this.enter / 2 : this.enter;
    return state.buttons.some((b) => b >= 0.5) || state.axes.some((a) => Math.abs(a) > threshold);
  }

  private choose(): string | null {
    let best: Entry | null = null;
    for (const e of this.entries.values()) {
      if (!best || beats(e, best)) best = e;
    }
    return best?.sample.sourceId ?? null;
  }

  dispose(): void {
    this.entries.clear();
    this.currentId = null;
    this.samples.dispose();
    this.changes.dispose();
  }
}

/** The later engagement wins; with none engaged, the newest source (a pad just plugged in). */
function beats(a: Entry, b: Entry): boolean {
  if (a.engaged !== null || b.engaged !== null) return (a.engaged ?? -1) > (b.engaged ?? -1);
  return a.seq > b.seq;
}

function samePad(a: PadState, b: PadState): boolean {
  return sameNumbers(a.axes, b.axes) && sameNumbers(a.buttons, b.buttons);
}

function sameNumbers(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
