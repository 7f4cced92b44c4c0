import { UsageError, commandArgs } from '../args.ts';
import { Dataset } from '../../src/record/dataset.ts';
import { roundStats, type RoundStats } from '../../src/record/dataset-stats.ts';

const HELP = `intervene dataset DIR [--json]

Per-round statistics of a dataset folder (episodes/, models/, quarantine/,
manifest.json). Round 0 holds demonstrations; round N the episodes driven with
policy vN. Quarantined episodes are counted apart and left out of the other figures.

  episodes, frames, operator_frames, interventions, interventions_per_min,
  operator_share, duration_s, distance_m, success, failure, untagged,
  incomplete, quarantined

Options:
  --json   print one JSON object: { dataset, episodes, rounds: [...], total, notices }`;

const COLUMNS: [keyof RoundStats, string][] = [
  ['round', 'round'], ['episodes', 'episodes'], ['frames', 'frames'], ['operator_frames', 'operator'],
  ['interventions', 'interv.'], ['interventions_per_min', 'per min'], ['duration_s', 'duration s'],
  ['distance_m', 'distance m'], ['success', 'success'], ['failure', 'failure'], ['incomplete', 'incompl.'],
  ['quarantined', 'quarant.'],
];

export const datasetCommand = {
  name: 'dataset',
  summary: 'per-round statistics of a dataset folder',
  async run(argv: string[]): Promise<number> {
    const args = commandArgs(argv, HELP, new Set(['help', 'json']), ['json']);
    if (!args) return 0;
    const [dir, ...extra] = args.positionals;
    if (!dir || extra.length > 0) throw new UsageError('give exactly one dataset DIR');
    const ds = await Dataset.open(dir, { create: false });
    const episodes = ds.list();
    const { rounds, total } = roundStats(episodes);
    if (args.options.has('json')) {
      console.log(JSON.stringify({ dataset: dir, episodes: episodes.length, rounds, total, notices: ds.notices }));
      return 0;
    }
    for (const n of ds.notices) console.error(n);
    const rows = [...rounds, total].map((r) => COLUMNS.map(([key]) => (key === 'round' && r.round === null ? 'all' : String(r[key]))));
    const widths = COLUMNS.map(([, title], i) => Math.max(title.length, ...rows.map((row) => row[i]!.length)));
    const line = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i]!)).join('  ');
    console.log(`${dir}: ${episodes.length} episodes`);
    console.log(line(COLUMNS.map(([, title]) => title)));
    for (const row of rows) console.log(line(row));
    return 0;
  },
};
