import type { EpisodeEntry, Outcome } from '../../src/app/contract.ts';
import { column, type ColumnKey } from './columns.ts';

export type OutcomeFilter = 'any' | Outcome | 'none';

export interface EpisodeFilter {
  /** Words that must each appear in the id, notes, robot, world or operator. */
  text: string;
  round: number | null;
  outcome: OutcomeFilter;
  showQuarantined: boolean;
}

export const NO_FILTER: EpisodeFilter = { text: '', round: null, outcome: 'any', showQuarantined: false };

export interface SortOrder {
  key: ColumnKey;
  dir: 'asc' | 'desc';
}

/** Newest first: the episode just driven is the one an operator tags. */
export const DEFAULT_SORT: SortOrder = { key: 'start', dir: 'desc' };

export function matchesText(e: EpisodeEntry, text: string): boolean {
  const words = text.toLowerCase().split(/\s+/).filter((w) => w !== '');
  if (words.length === 0) return true;
  const hay = [e.id, e.notes, e.robot, e.world ?? '', e.operator].join('\n').toLowerCase();
  return words.every((w) => hay.includes(w));
}

export function filterEpisodes(list: readonly EpisodeEntry[], f: EpisodeFilter): EpisodeEntry[] {
  return list.filter((e) =>
    (f.showQuarantined || !e.quarantined)
    && (f.round === null || e.round === f.round)
    && (f.outcome === 'any' || (f.outcome === 'none' ? e.outcome === null : e.outcome === f.outcome))
    && matchesText(e, f.text));
}

/** Stable; ties fall back to start time then id, so equal rows never swap places on refresh. */
export function sortEpisodes(list: readonly EpisodeEntry[], order: SortOrder): EpisodeEntry[] {
  const value = column(order.key).sortValue;
  const sign = order.dir === 'asc' ? 1 : -1;
  const tie = column('start').sortValue;
  // Keys computed once per entry, not once per comparison.
  const keyed = list.map((e) => ({ e, v: value(e), t: tie(e) }));
  keyed.sort((a, b) => {
    // A broken figure (NaN) is neither the biggest nor the smallest: last, whichever way.
    const broken = Number(isNaNValue(a.v)) - Number(isNaNValue(b.v));
    return broken || sign * compare(a.v, b.v) || compare(a.t, b.t);
  });
  return keyed.map((k) => k.e);
}

function isNaNValue(v: number | string): boolean {
  return typeof v === 'number' && Number.isNaN(v);
}

function compare(a: number | string, b: number | string): number {
  if (typeof a === 'number' && typeof b === 'number') return Number.isNaN(a) || Number.isNaN(b) ? 0 : a - b;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

/** A header click: the same column flips direction, another one starts ascending. */
export function nextSort(current: SortOrder, key: ColumnKey): SortOrder {
  if (current.key === key) return { key, dir: current.dir === 'asc' ? 'desc' : 'asc' };
  return { key, dir: 'asc' };
}

/** The list with `entry` in place of the one with its id (appended if new). */
export function upsertEpisode(list: readonly EpisodeEntry[], entry: EpisodeEntry): EpisodeEntry[] {
  const i = list.findIndex((e) => e.id === entry.id);
  if (i < 0) return [...list, entry];
  const next = [...list];
  next[i] = entry;
  return next;
}

export function roundsOf(list: readonly EpisodeEntry[]): number[] {
  return [...new Set(list.map((e) => e.round))].sort((a, b) => a - b);
}

/** Where the selection goes after the list changed: stay, else the row now in its place. */
export function keepSelection(rows: readonly EpisodeEntry[], selected: string | null, previousIndex: number): string | null {
  if (rows.length === 0) return null;
  if (selected !== null && rows.some((e) => e.id === selected)) return selected;
  const i = Math.min(Math.max(previousIndex, 0), rows.length - 1);
  return rows[i]?.id ?? null;
}
