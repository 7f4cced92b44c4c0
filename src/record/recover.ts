import { dirname } from 'node:path';
import { EpisodeReader } from './episode-reader.ts';
import { tallyReader } from './episode-stats.ts';
import { openIndexed } from './mcap-readable.ts';
import { NotMcapError } from './mcap-scan.ts';
import { nodeRecordFs } from './node-record-fs.ts';
import { copyReadableChunks } from './recover-copy.ts';
import { errorText, type RecordFs } from './record-fs.ts';

export interface RecoveryReport {
  /** The file recovery was asked to recover. */
  file: string;
  /** The readable episode file afterwards, or null. */
  output: string | null;
  /**
   * none: already fine; renamed: finished but not renamed; rewritten: chunks copied to a
   * new file; unrecoverable: nothing readable in it; failed: an IO error (worth a retry).
   */
  action: 'none' | 'renamed' | 'rewritten' | 'unrecoverable' | 'failed';
  /** The episode is whole (only the rename was missing, or nothing was wrong). */
  complete: boolean;
  recovered_frames: number;
  /** Episode seconds after which data was lost; null when nothing was lost. */
  lost_after_s: number | null;
  duration_s: number;
  messages: number;
  ok: boolean;
  error?: string;
  /** What was found wrong, region by region. */
  problems: string[];
}

export interface RecoverOptions {
  fs?: RecordFs;
  /** 0..1, for a progress bar. */
  onProgress?: (fraction: number) => void;
}

/** `<id>.mcap.partial` and `<id>.mcap` both become `<id>.mcap`. */
export function recoveredPath(path: string): string {
  const base = path.endsWith('.partial') ? path.slice(0, -'.partial'.length) : path;
  return base.endsWith('.mcap') ? base : `${base}.mcap`;
}

/**
 * Makes an unfinished or damaged episode readable. A file that is finished and whole
 * is at most renamed; otherwise every complete chunk is copied into a new file, the
 * cut-off partial is removed, and a file damaged in the middle is kept as `.damaged`.
 * Never throws: what went wrong is in the report.
 */
export async function recoverEpisode(path: string, options: RecoverOptions = {}): Promise<RecoveryReport> {
  const fs = options.fs ?? nodeRecordFs;
  const output = recoveredPath(path);
  const partial = output !== path;
  const report: RecoveryReport = {
    file: path, output: null, action: 'unrecoverable', complete: false, recovered_frames: 0,
    lost_after_s: null, duration_s: 0, messages: 0, ok: false, problems: [],
  };
  try {
    if (partial && (await fs.exists(output))) {
      return { ...report, action: 'failed', error: `${output} already exists; not overwriting it` };
    }
    const healthy = await checkFinished(path, fs, report);
    if (healthy) {
      if (partial) {
        await fs.rename(path, output);
        await fs.syncDir(dirname(output));
      }
      options.onProgress?.(1);
      return { ...report, output, action: partial ? 'renamed' : 'none', ok: true };
    }
    return await rewrite(path, output, fs, report, options.onProgress);
  } catch (err) {
    return { ...report, action: 'failed', error: errorText(err) };
  }
}

/** True when the file is finished and every chunk reads; fills the report's figures. */
async function checkFinished(path: string, fs: RecordFs, report: RecoveryReport): Promise<boolean> {
  // Most files here are cut off: find that out from the footer before reading anything else.
  const file = await fs.openRead(path);
  try {
    await openIndexed(file);
  } catch {
    return false;
  } finally {
    await file.close();
  }
  let reader: EpisodeReader;
  try {
    reader = await EpisodeReader.open(path, { fs });
  } catch {
    return false;
  }
  try {
    if (!reader.indexed) return false;
    const { stats, messages } = await tallyReader(reader);
    if (reader.problems.length > 0 || (await reader.verifyChecksum()) !== null) return false;
    Object.assign(report, {
      complete: reader.end?.complete ?? true, recovered_frames: stats.frames, duration_s: stats.duration_s,
      messages, lost_after_s: reader.end?.lost_after_s ?? null,
    });
    return true;
  } finally {
    await reader.close();
  }
}

async function rewrite(path: string, output: string, fs: RecordFs, report: RecoveryReport, onProgress?: (f: number) => void): Promise<RecoveryReport> {
  const temp = `${output}.recovering`;
  const source = await fs.openRead(path);
  let copy;
  try {
    const target = await fs.create(temp);
    try {
      copy = await copyReadableChunks(source, target, onProgress);
    } catch (err) {
      await target.close().catch(() => undefined);
      await fs.remove(temp);
      throw err;
    }
  } catch (err) {
    if (!(err instanceof NotMcapError)) throw err;
    return { ...report, error: `${path}: ${err.message}; nothing to recover` };
  } finally {
    await source.close();
  }
  const { scan, tally } = copy;
  if (!scan.header && scan.chunks.length === 0) {
    await fs.remove(temp);
    return { ...report, problems: scan.problems, error: `${path}: no readable MCAP header or chunk; nothing to recover` };
  }
  const partial = output !== path;
  // The original bytes are kept where they may hold more than the copy: damage in the middle.
  if (!partial || scan.damaged > 0) await fs.rename(path, `${output}.damaged`);
  await fs.rename(temp, output);
  if (partial && scan.damaged === 0) await fs.remove(path);
  await fs.syncDir(dirname(output));
  return {
    ...report, output, action: 'rewritten', ok: true, complete: false, recovered_frames: tally.frameCount,
    lost_after_s: copy.lastS ?? 0, duration_s: tally.result().duration_s, messages: copy.messages, problems: scan.problems,
  };
}
