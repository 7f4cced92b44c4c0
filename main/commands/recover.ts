import { statSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError, commandArgs } from '../args.ts';
import { Dataset } from '../../src/record/dataset.ts';
import { describeRecovery } from '../../src/record/dataset-recover.ts';
import { idOfFile } from '../../src/record/dataset-entry.ts';
import { nodeRecordFs } from '../../src/record/node-record-fs.ts';
import { recoverEpisode, recoveredPath, type RecoveryReport } from '../../src/record/recover.ts';

const HELP = `intervene recover FILE|DIR [--json]

Makes unfinished or damaged episodes readable again: every complete chunk is copied
into a proper file, and the report says what was recovered and what was lost.

  FILE   an episode (.mcap.partial, or a damaged .mcap)
  DIR    a dataset folder: every unfinished episode is recovered into its manifest;
         any other folder: every .mcap.partial in it is recovered

Report fields: file, output, action (none|renamed|rewritten|unrecoverable|failed),
recovered_frames, lost_after_s, duration_s, messages, ok, error, problems.
Exits 1 when any file could not be recovered.

Options:
  --json   print JSON (one object for a FILE, an array for a DIR)`;

export const recoverCommand = {
  name: 'recover',
  summary: 'recover unfinished or damaged episode files',
  async run(argv: string[]): Promise<number> {
    const args = commandArgs(argv, HELP, new Set(['help', 'json']), ['json']);
    if (!args) return 0;
    const [target, ...extra] = args.positionals;
    if (!target || extra.length > 0) throw new UsageError('give exactly one FILE or DIR');
    let isDir: boolean;
    try {
      isDir = statSync(target).isDirectory();
    } catch {
      throw new Error(`${target}: no such file or folder`);
    }
    const json = args.options.has('json');
    let reports: RecoveryReport[];
    if (!isDir) {
      reports = [await recoverEpisode(target)];
    } else if (await isDataset(target)) {
      const ds = await Dataset.open(target, { create: false });
      for (const n of ds.notices) console.error(n);
      reports = await ds.recoverAll();
    } else {
      const partials = (await nodeRecordFs.list(target)).filter((n) => n.endsWith('.partial')).sort();
      reports = [];
      for (const name of partials) reports.push(await recoverEpisode(join(target, name)));
    }
    if (json) console.log(JSON.stringify(isDir ? reports : reports[0]));
    else if (reports.length === 0) console.log(`nothing to recover in ${target}`);
    else for (const r of reports) console.log(describeRecovery(idOfFile(recoveredPath(r.file)), r));
    return reports.every((r) => r.ok) ? 0 : 1;
  },
};

async function isDataset(dir: string): Promise<boolean> {
  return (await nodeRecordFs.exists(join(dir, 'manifest.json'))) || (await nodeRecordFs.exists(join(dir, 'episodes')));
}
