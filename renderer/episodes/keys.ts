/** What a key does in the episode browser. Pure, so the mapping is tested without a page. */
export type BrowserAction =
  | 'up' | 'down' | 'pageUp' | 'pageDown' | 'first' | 'last'
  | 'success' | 'failure' | 'quarantine' | 'notes' | 'replay';

export interface KeyLike {
  key: string;
  shiftKey: boolean;
  ctrlKey: boolean;
  altKey: boolean;
  metaKey: boolean;
  repeat: boolean;
}

const MOVES: Readonly<Record<string, BrowserAction>> = {
  ArrowUp: 'up', ArrowDown: 'down', PageUp: 'pageUp', PageDown: 'pageDown', Home: 'first', End: 'last',
};
const LETTERS: Readonly<Record<string, BrowserAction>> = { s: 'success', f: 'failure', q: 'quarantine', p: 'replay' };

/** Where focus is: a text field (typing), a button or checkbox (Enter presses it), or neither. */
export type FocusKind = 'text' | 'control' | 'none';

/**
 * Null leaves the key alone. A held Shift (the enable) or Ctrl (turbo) means the operator
 * is driving: arrows and S/F/Q then drive, as they do everywhere. In the filter box the
 * arrows still move the selection, but letters and Enter are typing.
 */
export function browserAction(e: KeyLike, focus: FocusKind): BrowserAction | null {
  if (e.shiftKey || e.ctrlKey || e.altKey || e.metaKey) return null;
  const move = MOVES[e.key];
  if (move) return focus === 'text' && move !== 'up' && move !== 'down' ? null : move;
  if (focus === 'text' || e.repeat) return null;
  if (e.key === 'Enter') return focus === 'control' ? null : 'notes';
  return LETTERS[e.key.toLowerCase()] ?? null;
}
