import { isTextEntry } from './dom.ts';

export interface ShortcutHandlers {
  /** `fromTextField`: Space was pressed while typing, so the user may have meant a space. */
  estop(fromTextField: boolean): void;
  /**
   * True when nothing could move (the e-stop is already latched, or nothing is connected):
   * a Space in a text field may then type a space, so notes can be written after a stop.
   */
  spaceMayType(): boolean;
  resetEstop(): void;
  rearm(): void;
  toggleCamera(): void;
  toggleConnect(): void;
  toggleHelp(): void;
  toggleEpisodes(): void;
  newEpisode(): void;
  /** M: Teleop <-> Autonomous (gated). */
  toggleMode(): void;
  /** T: the training panel. */
  toggleTraining(): void;
  /** J: the reaction-time calibration. */
  toggleReaction(): void;
  /** The top overlay's own keys (the episode browser's), heard before the rest; true when used. */
  panelKey(e: KeyboardEvent): boolean;
  /**
   * Keys of the replay while one is open (Space plays and pauses there; the E-STOP button
   * stays on screen), heard before everything else; true when used.
   */
  replayKey(e: KeyboardEvent): boolean;
  /** Esc: true when an overlay was closed. */
  closeTop(): boolean;
}

/**
 * The UI's keys. Space (E-STOP) is heard first, in the capture phase, everywhere: in
 * dialogs and in text fields too, because a stop must never depend on where focus is.
 * Only when nothing could move does a Space in a text field type a space (notes).
 * The other letters stand down while a text field has focus or a Ctrl/Alt/Meta chord is
 * being typed. R is both "up" (driving) and "re-arm", E both "strafe right" and
 * "episodes": they act only with Shift (the enable) released, so driving never triggers
 * them by accident; so do M (mode) and T (training), for the same reason. A panel's keys are stopped here so they do not also drive.
 * While a replay is open its keys come first: the live robot is held then, so Space plays
 * and pauses instead of stopping (the E-STOP button still works); see replay/replay-keys.ts.
 */
export function installShortcuts(win: Window, h: ShortcutHandlers): () => void {
  const onKeyDown = (e: KeyboardEvent): void => {
    if (h.replayKey(e)) {
      e.preventDefault();
      e.stopPropagation();
      return;
    }
    if (e.code === 'Space') {
      const typing = isTextEntry(e.target);
      if (typing && h.spaceMayType()) return;
      e.preventDefault();
      e.stopPropagation();
      if (!e.repeat) h.estop(typing);
      return;
    }
    if (h.panelKey(e)) {
      e.preventDefault();
      e.stopPropagation();
      return;
    }
    if (e.key === 'Escape') {
      if (h.closeTop()) e.preventDefault();
      return;
    }
    if (e.repeat || e.ctrlKey || e.altKey || e.metaKey || isTextEntry(e.target)) return;
    if (e.key === '?') {
      e.preventDefault();
      h.toggleHelp();
      return;
    }
    switch (e.key.toLowerCase()) {
      case 'x': h.resetEstop(); break;
      case 'r':
        if (e.shiftKey) return;
        h.rearm();
        break;
      case 'c': h.toggleCamera(); break;
      case 'k': h.toggleConnect(); break;
      case 'e':
        if (e.shiftKey) return;
        h.toggleEpisodes();
        break;
      case 'n':
        if (e.shiftKey) return;
        h.newEpisode();
        break;
      case 'm':
        if (e.shiftKey) return;
        h.toggleMode();
        break;
      case 't':
        if (e.shiftKey) return;
        h.toggleTraining();
        break;
      case 'j': h.toggleReaction(); break;
      default: return;
    }
    e.preventDefault();
  };
  // Space on a focused button would also "click" it on keyup.
  const onKeyUp = (e: KeyboardEvent): void => {
    if (e.code === 'Space') {
      e.preventDefault();
      e.stopPropagation();
    }
  };
  win.addEventListener('keydown', onKeyDown, { capture: true });
  win.addEventListener('keyup', onKeyUp, { capture: true });
  return () => {
    win.removeEventListener('keydown', onKeyDown, { capture: true });
    win.removeEventListener('keyup', onKeyUp, { capture: true });
  };
}
