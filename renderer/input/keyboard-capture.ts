import { KEYBOARD_CODES, keyboardPad, type KeyboardLayout } from '../../src/input/keyboard.ts';
import { isTextEntry } from '../dom.ts';
import { SourceSender, type SenderSink } from './source-sender.ts';

/** Space is the E-STOP key in this UI, so it never doubles as a pad button. */
const DRIVING_CODES: ReadonlySet<string> = new Set(KEYBOARD_CODES.filter((c) => c !== 'Space'));
/** Keys whose browser default (scrolling) would fight with driving. */
const NO_DEFAULT: ReadonlySet<string> = new Set(['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight']);

/**
 * Keyboard -> held key codes -> a pad state for the core. Keys pressed in a text field
 * are typing, not driving; releases always count, so nothing stays stuck down.
 */
export class KeyboardCapture {
  private readonly held = new Set<string>();
  private readonly sender: SourceSender;
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(private readonly win: Window, sink: SenderSink, private readonly layout: () => KeyboardLayout) {
    this.sender = new SourceSender(sink, 'keyboard', 'keyboard', 'Keyboard');
    win.addEventListener('keydown', this.onDown);
    win.addEventListener('keyup', this.onUp);
    win.addEventListener('blur', this.onLost);
    win.addEventListener('focus', this.onFocus);
    // A page being closed or navigated away must not leave a key held on the robot.
    win.addEventListener('pagehide', this.onLost);
    win.document.addEventListener('visibilitychange', this.onVisibility);
  }

  /** Codes currently held, for the HUD. */
  heldCodes(): ReadonlySet<string> {
    return this.held;
  }

  /** Re-sends with a new layout (the world changed while keys are held). */
  refresh(): void {
    if (this.held.size > 0) this.publish();
  }

  dispose(): void {
    this.win.removeEventListener('keydown', this.onDown);
    this.win.removeEventListener('keyup', this.onUp);
    this.win.removeEventListener('blur', this.onLost);
    this.win.document.removeEventListener('visibilitychange', this.onVisibility);
    this.release();
  }

  private readonly onDown = (e: KeyboardEvent): void => {
    // With Cmd held, macOS swallows key-ups: let nothing stay held across it.
    if (e.metaKey && this.held.size > 0) {
      this.release();
      return;
    }
    this.reconcileModifiers(e);
    if (!DRIVING_CODES.has(e.code) || e.altKey || e.metaKey || isTextEntry(e.target)) return;
    // Ctrl is turbo, so Ctrl+W/S/A/D/R/F/Q/E are driving, not save, bookmark or reload.
    // (Chrome never lets a page keep Ctrl+W; index.ts asks before the tab closes.)
    if (NO_DEFAULT.has(e.code) || e.ctrlKey) e.preventDefault();
    if (e.repeat && this.held.has(e.code)) return;
    this.held.add(e.code);
    this.publish();
  };

  private readonly onUp = (e: KeyboardEvent): void => {
    const changed = this.reconcileModifiers(e);
    if (!this.held.delete(e.code) && !changed) return;
    this.publish();
  };

  /** A modifier's key-up can be lost (focus tricks, OS shortcuts); trust the event's flags. */
  private reconcileModifiers(e: KeyboardEvent): boolean {
    let changed = false;
    const drop = (codes: string[], down: boolean) => {
      if (down) return;
      for (const c of codes) changed = this.held.delete(c) || changed;
    };
    drop(['ShiftLeft', 'ShiftRight'], e.shiftKey);
    drop(['ControlLeft', 'ControlRight'], e.ctrlKey);
    if (changed && e.type === 'keydown') this.publish();
    return changed;
  }

  private readonly onLost = (): void => this.release();

  /** Back in focus: the operator is at the keyboard again. */
  private readonly onFocus = (): void => this.publish();

  private readonly onVisibility = (): void => {
    if (this.win.document.visibilityState === 'hidden') this.release();
  };

  /**
   * Once used, the keyboard keeps reporting while the page has focus, keys held or not:
   * in gated mode a silent keyboard would mean nobody can take over, and the policy stops.
   */
  private publish(): void {
    this.sender.set(keyboardPad(this.held, this.layout()), true, performance.now());
    if (!this.timer) this.timer = setInterval(() => this.sender.tick(performance.now()), 25);
  }

  /** Focus left the page: whatever was held is released as far as the robot is concerned. */
  private release(): void {
    this.held.clear();
    this.stopTimer();
    this.sender.gone();
  }

  private stopTimer(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
