import { isTextEntry } from './dom.ts';

export interface ShortcutHandlers {
  /** `fromTextField`: Space was pressed while typing, so the user may have meant a space. */
  estop(fromTextField: boolean): void;
  resetEstop(): void;
  rearm(): void;
  toggleCamera(): void;
  toggleConnect(): void;
  toggleHelp(): void;
  /** Esc: true when an overlay was closed. */
  closeTop(): boolean;
}

/**
 * The UI's keys. Space (E-STOP) is heard first, in the capture phase, everywhere: in
 * dialogs and in text fields too, because a stop must never depend on where focus is.
 * The other letters stand down while a text field has focus or a Ctrl/Alt/Meta chord is
 * being typed. R is both "up" (driving) and "re-arm"; re-arm only happens with Shift
 * (the enable) released, so climbing never re-arms by accident.
 */
export function installShortcuts(win: Window, h: ShortcutHandlers): () => void {
  const onKeyDown = (e: KeyboardEvent): void => {
    if (e.code === 'Space') {
      e.preventDefault();
      e.stopPropagation();
      if (!e.repeat) h.estop(isTextEntry(e.target));
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
