import { join } from 'node:path';
import type { Dataset } from './dataset.ts';
import { entryFromFile, idOfFile } from './dataset-entry.ts';
import { recoverEpisode, type RecoveryReport } from './recover.ts';
import { errorText, type RecordFs } from './record-fs.ts';

/** Shaped like the app contract's RecoveryProgress, plus the current file's fraction. */
export interface RecoverAllProgress {
  active: boolean;
  done: number;
  total: number;
  current: string | null;
  /** 0..1 through the current file. */
  fraction: number;
  /** One line per episode: what was recovered and what was lost. */
  lines: string[];
}

/** What happened to one episode, in one line for the user. */
export function describeRecovery(id: string, r: RecoveryReport): string {
  const s = (v: number) => `${Math.round(v * 10) / 10} s`;
  switch (r.action) {
    case 'none':
      return `${id}: nothing to recover`;
    case 'renamed':
      return `${id}: the episode was whole (${r.recovered_frames} frames, ${s(r.duration_s)}); only its final rename was missing`;
    case 'rewritten': {
      const damage = r.problems.filter((p) => !p.startsWith('cut off')).length;
      const lost = r.lost_after_s === null ? '' : `; what came after ${s(r.lost_after_s)} was lost`;
      return `${id}: recovered ${r.recovered_frames} frames (${s(r.duration_s)})${lost}${damage > 0 ? `; ${damage} damaged regions skipped` : ''}`;
    }
    default:
      return `${id}: could not be recovered: ${r.error ?? 'unknown error'}`;
  }
}

/**
 * Runs at start: every `*.mcap.partial` in episodes/ is recovered into the manifest, a
 * partial with nothing readable is kept as `.unrecoverable`, and finished files the
 * manifest does not name (a crash between the rename and the manifest write) are adopted.
 */
export async function recoverDataset(ds: Dataset, fs: RecordFs, progress?: (p: RecoverAllProgress) => void): Promise<RecoveryReport[]> {
  const names = await fs.list(ds.episodesDir);
  for (const stale of names.filter((n) => n.endsWith('.mcap.recovering'))) await fs.remove(join(ds.episodesDir, stale));
  const partials = names.filter((n) => n.endsWith('.mcap.partial')).sort();
  const known = new Set(ds.list().map((e) => e.file));
  const orphans: string[] = [];
  for (const dir of ['episodes', 'quarantine']) {
    for (const n of await fs.list(join(ds.root, dir))) {
      if (n.endsWith('.mcap') && !known.has(`${dir}/${n}`) && !partials.includes(`${n}.partial`)) orphans.push(`${dir}/${n}`);
    }
  }
  const total = partials.length + orphans.length;
  const lines: string[] = [];
  const reports: RecoveryReport[] = [];
  const tell = (done: number, current: string | null, fraction: number) =>
    progress?.({ active: current !== null, done, total, current, fraction, lines: [...lines] });

  for (const [i, name] of partials.entries()) {
    const id = idOfFile(name.slice(0, -'.partial'.length));
    tell(i, id, 0);
    const report = await recoverEpisode(join(ds.episodesDir, name), { fs, onProgress: (f) => tell(i, id, f) });
    reports.push(report);
    if (report.ok && report.output) {
      await adopt(ds, fs, `episodes/${id}.mcap`, lines);
      lines.push(describeRecovery(id, report));
    } else {
      if (report.action === 'unrecoverable') {
        await fs.rename(join(ds.episodesDir, name), join(ds.episodesDir, `${id}.mcap.unrecoverable`)).catch(() => undefined);
      }
      lines.push(describeRecovery(id, report));
    }
  }
  for (const [i, file] of orphans.entries()) {
    tell(partials.length + i, idOfFile(file), 0);
    if (await adopt(ds, fs, file, lines)) lines.push(`${idOfFile(file)}: a finished episode missing from the manifest was added`);
  }
  tell(total, null, 1);
  return reports;
}

/** Adds the file's entry, keeping the notes and tag of an entry with the same id. */
async function adopt(ds: Dataset, fs: RecordFs, file: string, lines: string[]): Promise<boolean> {
  try {
    const entry = await entryFromFile(ds.root, file, fs);
    const old = ds.get(entry.id);
    await ds.add(old ? { ...entry, notes: old.notes, outcome: old.outcome ?? entry.outcome } : entry);
    return true;
  } catch (err) {
    lines.push(`${file}: could not be read (${errorText(err)}); left out of the manifest`);
    return false;
  }
}
