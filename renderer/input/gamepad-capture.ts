import type { PadState } from '../../src/input/pad.ts';
import { SourceSender, type SenderSink } from './source-sender.ts';

/** The Gamepad API's view of a pad, as much as is read here (lets tests pass plain objects). */
export interface GamepadLike {
  index: number;
  id: string;
  mapping: string;
  connected: boolean;
  axes: readonly number[];
  buttons: ReadonlyArray<{ value: number; pressed: boolean }>;
}

export function gamepadLabel(pad: GamepadLike): string {
  return pad.mapping === 'standard' ? pad.id : `${pad.id} (non-standard mapping: buttons may be misread)`;
}

export function gamepadState(pad: GamepadLike): PadState {
  return {
    axes: pad.axes.map((a) => (Number.isFinite(a) ? a : 0)),
    // Some drivers report a pressed digital button with value 0; trust `pressed` then.
    buttons: pad.buttons.map((b) => (b.pressed && !(b.value > 0) ? 1 : Number.isFinite(b.value) ? b.value : 0)),
  };
}

/**
 * Polls the browser's gamepads (the Gamepad API has no input events) and forwards each to
 * the core. Call `poll` every animation frame; a pad that vanishes is reported gone.
 */
export class GamepadCapture {
  private readonly senders = new Map<number, SourceSender>();

  constructor(private readonly sink: SenderSink, private readonly read: () => ReadonlyArray<GamepadLike | null>) {}

  get connectedCount(): number {
    return this.senders.size;
  }

  poll(now: number): void {
    const seen = new Set<number>();
    for (const pad of this.read()) {
      if (!pad || !pad.connected) continue;
      seen.add(pad.index);
      let sender = this.senders.get(pad.index);
      if (!sender) {
        sender = new SourceSender(this.sink, `gamepad-${pad.index}`, 'browser-gamepad', gamepadLabel(pad));
        this.senders.set(pad.index, sender);
      }
      sender.set(gamepadState(pad), true, now, gamepadLabel(pad));
      sender.tick(now);
    }
    for (const [index, sender] of this.senders) {
      if (seen.has(index)) continue;
      sender.gone();
      this.senders.delete(index);
    }
  }

  /** The page is hidden: no polling will happen, so say so rather than let the core time out. */
  releaseAll(): void {
    for (const sender of this.senders.values()) sender.gone();
    this.senders.clear();
  }
}

/** navigator.getGamepads, or nothing where the API is missing or blocked by policy. */
export function browserGamepads(nav: Navigator): () => ReadonlyArray<GamepadLike | null> {
  return () => {
    try {
      return typeof nav.getGamepads === 'function' ? nav.getGamepads() : [];
    } catch {
      return [];
    }
  };
}
