import type { KeyLike } from '../episodes/keys.ts';

/** What a key does while a replay is open. Pure, so the mapping is tested without a page. */
export type ReplayAction =
  | { kind: 'playPause' }
  | { kind: 'seekBy'; seconds: number }
  | { kind: 'step'; frames: number }
  | { kind: 'speed'; dir: 1 | -1 }
  | { kind: 'home' } | { kind: 'end' }
  | { kind: 'loop' } | { kind: 'nextIntervention' }
  | { kind: 'relabel' } | { kind: 'keepPass' } | { kind: 'discardPass' }
  | { kind: 'acceptSelected' } | { kind: 'discardSelected' }
  | { kind: 'calibrate' } | { kind: 'escape' };

export const SEEK_S = 1;
export const SEEK_COARSE_S = 10;

/**
 * Null leaves the key to the rest of the UI. While a relabel pass runs the operator is
 * driving the ghost: Shift (the enable) with letters and arrows drives, so only Space,
 * Esc, Enter and Backspace are heard then. Outside a pass, Shift+arrow is a fine seek
 * (one frame), Alt+arrow a coarse one; Ctrl (turbo) chords are left alone.
 */
export function replayAction(e: KeyLike, relabelling: boolean): ReplayAction | null {
  if (e.ctrlKey || e.metaKey) return null;
  if (e.key === ' ' || e.key === 'Spacebar') return e.repeat ? null : { kind: 'playPause' };
  if (e.key === 'Escape') return { kind: 'escape' };
  if (relabelling) {
    if (e.repeat || e.altKey) return null;
    if (e.key === 'Enter') return { kind: 'keepPass' };
    if (e.key === 'Backspace') return { kind: 'discardPass' };
    return null;
  }
  if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') {
    const dir = e.key === 'ArrowLeft' ? -1 : 1;
    if (e.shiftKey) return { kind: 'step', frames: dir };
    return { kind: 'seekBy', seconds: dir * (e.altKey ? SEEK_COARSE_S : SEEK_S) };
  }
  if (e.altKey || e.shiftKey) return null;
  if (e.key === 'Home') return { kind: 'home' };
  if (e.key === 'End') return { kind: 'end' };
  if (e.repeat && e.key !== ',' && e.key !== '.' && e.key !== '[' && e.key !== ']') return null;
  switch (e.key.toLowerCase()) {
    case ',': return { kind: 'step', frames: -1 };
    case '.': return { kind: 'step', frames: 1 };
    case '[': return { kind: 'speed', dir: -1 };
    case ']': return { kind: 'speed', dir: 1 };
    case 'l': return { kind: 'loop' };
    case 'i': return { kind: 'nextIntervention' };
    case 'r': return { kind: 'relabel' };
    case 'a': return { kind: 'acceptSelected' };
    case 'd': return { kind: 'discardSelected' };
    case 'j': return { kind: 'calibrate' };
    default: return null;
  }
}
