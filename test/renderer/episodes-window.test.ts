import { describe, expect, it } from 'vitest';
import { revealRow, rowWindow } from '../../renderer/episodes/row-window.ts';

describe('rowWindow', () => {
  it('draws the rows in view plus a margin, clamped to the list', () => {
    expect(rowWindow(0, 480, 48, 300)).toEqual({ first: 0, end: 20 });
    expect(rowWindow(4800, 480, 48, 300)).toEqual({ first: 90, end: 120 });
    expect(rowWindow(14000, 480, 48, 300)).toEqual({ first: 281, end: 300 });
  });

  it('draws everything when the list is short', () => {
    expect(rowWindow(0, 480, 48, 7)).toEqual({ first: 0, end: 7 });
  });

  it('draws a screenful before the table has a size, and nothing for no rows', () => {
    expect(rowWindow(0, 0, 48, 300)).toEqual({ first: 0, end: 40 });
    expect(rowWindow(0, 480, 48, 0)).toEqual({ first: 0, end: 0 });
  });

  it('never starts past its end when scrolled beyond a list that shrank', () => {
    const w = rowWindow(9000, 480, 48, 5);
    expect(w.first).toBeLessThanOrEqual(w.end);
    expect(w.end).toBe(5);
  });
});

describe('revealRow', () => {
  it('scrolls just enough to show the row, or not at all', () => {
    expect(revealRow(5, 0, 480, 48)).toBeNull();
    expect(revealRow(10, 0, 480, 48)).toBe(48);
    expect(revealRow(2, 480, 480, 48)).toBe(96);
    expect(revealRow(9, 0, 480, 48)).toBeNull();
  });
});
