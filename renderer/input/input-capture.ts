import type { HostBridge, LiveState, RobotProfile } from '../../src/app/contract.ts';
import type { KeyboardLayout } from '../../src/input/keyboard.ts';
import { Axis } from '../../src/input/pad.ts';
import { bridgeSink } from './bridge-sink.ts';
import { browserGamepads, GamepadCapture } from './gamepad-capture.ts';
import { KeyboardCapture } from './keyboard-capture.ts';

/**
 * W drives linear x. Drones fly "mode 2" (forward on the right stick), so the keyboard
 * follows whichever stick the active mapping reads for forward.
 */
export function keyboardLayoutFor(state: LiveState | null, profiles: readonly RobotProfile[]): KeyboardLayout {
  const target = state?.target;
  if (!target) return 'rover';
  if (target.kind === 'sim') return target.world === 'forest' ? 'mode2' : 'rover';
  const profile = profiles.find((p) => p.name === target.profile);
  return profile?.mapping.axis_linear.x === Axis.RY ? 'mode2' : 'rover';
}

/** The renderer's own input sources: the keyboard and the browser's gamepads. */
export class InputCapture {
  readonly keyboard: KeyboardCapture;
  readonly gamepads: GamepadCapture;
  private frame = 0;

  constructor(private readonly win: Window, bridge: HostBridge, layout: () => KeyboardLayout) {
    const sink = bridgeSink(bridge);
    this.keyboard = new KeyboardCapture(win, sink, layout);
    this.gamepads = new GamepadCapture(sink, browserGamepads(win.navigator));
    win.document.addEventListener('visibilitychange', this.onVisibility);
    this.frame = win.requestAnimationFrame(this.poll);
  }

  dispose(): void {
    this.win.cancelAnimationFrame(this.frame);
    this.win.document.removeEventListener('visibilitychange', this.onVisibility);
    this.keyboard.dispose();
    this.gamepads.releaseAll();
  }

  private readonly poll = (): void => {
    this.frame = this.win.requestAnimationFrame(this.poll);
    this.gamepads.poll(performance.now());
  };

  // Hidden pages get no animation frames, so pads would just fall silent; say it outright.
  private readonly onVisibility = (): void => {
    if (this.win.document.visibilityState === 'hidden') this.gamepads.releaseAll();
  };
}
