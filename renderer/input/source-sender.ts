import type { RendererInput } from '../../src/app/contract.ts';
import type { PadState } from '../../src/input/pad.ts';

export interface SenderSink {
  input(input: RendererInput): void;
  gone(sourceId: string): void;
}

/**
 * One input source's traffic to the core: every change at once, and while `live` the
 * same state again every `heartbeatMs` so the core's input timeout can tell a held key
 * from a frozen page. Pure (time is passed in), so it is tested without a browser.
 */
export class SourceSender {
  private last: PadState | null = null;
  private lastSentAt = -Infinity;
  private live = false;

  constructor(
    private readonly sink: SenderSink,
    readonly sourceId: string,
    private readonly kind: RendererInput['kind'],
    private label: string,
    private readonly heartbeatMs = 50,
  ) {}

  get isLive(): boolean {
    return this.live;
  }

  /** `live`: keep repeating this state until told otherwise. */
  set(state: PadState, live: boolean, now: number, label = this.label): void {
    this.live = live;
    const changed = this.last === null || label !== this.label || !samePad(this.last, state);
    this.label = label;
    if (changed) this.send(state, now);
  }

  tick(now: number): void {
    if (this.live && this.last && now - this.lastSentAt >= this.heartbeatMs) this.send(this.last, now);
  }

  /** The source went away (blur, unplug): tell the core once, so it stops at once rather than on timeout. */
  gone(): void {
    if (this.last === null) return;
    this.last = null;
    this.live = false;
    this.sink.gone(this.sourceId);
  }

  private send(state: PadState, now: number): void {
    this.last = { axes: [...state.axes], buttons: [...state.buttons] };
    this.lastSentAt = now;
    this.sink.input({ sourceId: this.sourceId, kind: this.kind, label: this.label, axes: [...state.axes], buttons: [...state.buttons] });
  }
}

export function samePad(a: PadState, b: PadState): boolean {
  return sameNumbers(a.axes, b.axes) && sameNumbers(a.buttons, b.buttons);
}

function sameNumbers(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
