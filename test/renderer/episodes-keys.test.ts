import { describe, expect, it } from 'vitest';
import { browserAction, type KeyLike } from '../../renderer/episodes/keys.ts';
import { recoveryFraction, recoveryHeadline, recoveryKey, recoveryWanted } from '../../renderer/dialog/recovery-text.ts';

const key = (k: string, over: Partial<KeyLike> = {}): KeyLike => ({ key: k, shiftKey: false, ctrlKey: false, altKey: false, metaKey: false, repeat: false, ...over });

describe('episode browser keys', () => {
  it('moves the selection, tags, quarantines and edits notes', () => {
    expect(browserAction(key('ArrowUp'), 'none')).toBe('up');
    expect(browserAction(key('ArrowDown', { repeat: true }), 'none')).toBe('down');
    expect(browserAction(key('PageDown'), 'none')).toBe('pageDown');
    expect(browserAction(key('Home'), 'none')).toBe('first');
    expect(browserAction(key('s'), 'none')).toBe('success');
    expect(browserAction(key('F'), 'none')).toBe('failure');
    expect(browserAction(key('q'), 'none')).toBe('quarantine');
    expect(browserAction(key('Enter'), 'none')).toBe('notes');
    expect(browserAction(key('w'), 'none')).toBeNull();
  });

  it('leaves keys to driving while the enable (Shift) or turbo (Ctrl) is held', () => {
    expect(browserAction(key('ArrowUp', { shiftKey: true }), 'none')).toBeNull();
    expect(browserAction(key('S', { shiftKey: true }), 'none')).toBeNull();
    expect(browserAction(key('s', { ctrlKey: true }), 'none')).toBeNull();
  });

  it('does not repeat a tag while a letter is held down', () => {
    expect(browserAction(key('q', { repeat: true }), 'none')).toBeNull();
  });

  it('lets the filter box type letters but still moves the selection with the arrows', () => {
    expect(browserAction(key('s'), 'text')).toBeNull();
    expect(browserAction(key('Enter'), 'text')).toBeNull();
    expect(browserAction(key('Home'), 'text')).toBeNull();
    expect(browserAction(key('ArrowDown'), 'text')).toBe('down');
  });

  it('lets Enter press a focused button', () => {
    expect(browserAction(key('Enter'), 'control')).toBeNull();
    expect(browserAction(key('s'), 'control')).toBe('success');
  });
});

describe('crash recovery text', () => {
  const running = { active: true, done: 1, total: 3, current: '/d/episodes/ep-2.mcap.partial', lines: ['ep-1: recovered 3,210 frames; lost 0.9 s'] };
  const finished = { active: false, done: 3, total: 3, current: null, lines: ['a', 'b', 'c'] };

  it('counts progress while it runs', () => {
    expect(recoveryHeadline(running)).toBe('Recovering 3 unfinished episodes… 1/3');
    expect(recoveryHeadline({ ...running, total: 1, done: 0 })).toBe('Recovering 1 unfinished episode… 0/1');
    expect(recoveryFraction(running)).toBeCloseTo(1 / 3);
    expect(recoveryFraction({ ...running, total: 0 })).toBe(0);
  });

  it('asks for the dialog while running and until the summary was read', () => {
    const read = new Set<string>();
    expect(recoveryWanted(running, read)).toBe(true);
    expect(recoveryWanted(finished, read)).toBe(true);
    read.add(recoveryKey(finished));
    expect(recoveryWanted(finished, read)).toBe(false);
    expect(recoveryWanted({ ...finished, lines: ['another crash'] }, read)).toBe(true);
    expect(recoveryWanted({ active: false, done: 0, total: 0, current: null, lines: [] }, new Set())).toBe(false);
    expect(recoveryHeadline(finished)).toBe('Crash recovery looked at 3 unfinished episodes:');
  });
});
