import type { EpisodeEntry } from '../../src/app/contract.ts';

export type ColumnKey =
  | 'start' | 'round' | 'duration' | 'distance' | 'frames' | 'interventions'
  | 'operator' | 'outcome' | 'notes' | 'status';

export interface Column {
  key: ColumnKey;
  label: string;
  /** Header tooltip: what the figure means. */
  title: string;
  numeric: boolean;
  sortValue(e: EpisodeEntry): number | string;
}

const OUTCOME_ORDER = { success: 0, failure: 1 } as const;

/** Complete before recovered; quarantined last, whatever else. */
function statusRank(e: EpisodeEntry): number {
  return (e.quarantined ? 2 : 0) + (e.complete ? 0 : 1);
}

export const COLUMNS: readonly Column[] = [
  { key: 'start', label: 'Episode', title: 'Episode id, start time, world and robot', numeric: false, sortValue: (e) => `${e.start}\u0000${e.id}` },
  { key: 'round', label: 'Round', title: 'Round 0 holds demonstrations; round N was driven with policy vN', numeric: true, sortValue: (e) => e.round },
  { key: 'duration', label: 'Duration', title: 'Episode length', numeric: true, sortValue: (e) => e.duration_s },
  { key: 'distance', label: 'Distance', title: 'Distance travelled', numeric: true, sortValue: (e) => e.distance_m },
  { key: 'frames', label: 'Frames', title: 'Recorded control ticks', numeric: true, sortValue: (e) => e.frames },
  { key: 'interventions', label: 'Interv.', title: 'Interventions: times the operator took over from the policy', numeric: true, sortValue: (e) => e.interventions },
  { key: 'operator', label: 'Operator', title: 'Share of driven frames the operator drove', numeric: true, sortValue: (e) => e.operator_share },
  { key: 'outcome', label: 'Outcome', title: 'Tagged outcome (S: success, F: failure)', numeric: false, sortValue: (e) => (e.outcome ? OUTCOME_ORDER[e.outcome] : 2) },
  { key: 'notes', label: 'Notes', title: 'Your notes (Enter to edit)', numeric: false, sortValue: (e) => e.notes.toLowerCase() },
  { key: 'status', label: 'File', title: 'Complete, or recovered after a crash or write error; quarantined episodes never reach training', numeric: false, sortValue: statusRank },
];

export function column(key: ColumnKey): Column {
  const c = COLUMNS.find((x) => x.key === key);
  if (!c) throw new Error(`unknown episode column ${JSON.stringify(key)}`);
  return c;
}
