import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Dataset } from '../../src/record/dataset.ts';
import { EpisodeReader } from '../../src/record/episode-reader.ts';
import { EpisodeWriter } from '../../src/record/episode-writer.ts';
import type { RecordError } from '../../src/record/record-error.ts';
import { FakeClock } from '../fakes/fake-clock.ts';
import { FaultyFs } from './faulty-fs.ts';
import { frameAt, metadataFor, RAW_TOPICS, readWithMcapCore, tempDir } from './record-fixture.ts';

async function until(cond: () => boolean, what: string, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

describe('a full disk or a failing write while recording', () => {
  let tmp: ReturnType<typeof tempDir>;
  let fs: FaultyFs;
  let clock: FakeClock;
  beforeEach(() => {
    tmp = tempDir('diskfull');
    fs = new FaultyFs();
    clock = new FakeClock();
  });
  afterEach(() => tmp.cleanup());

  const open = (ds: Dataset, id: string) =>
    EpisodeWriter.open({ dir: ds.episodesDir, id, metadata: metadataFor(id), fs, clock, rawTopics: RAW_TOPICS });

  async function drive(w: EpisodeWriter, from: number, to: number): Promise<void> {
    for (let i = from; i < to; i++) {
      w.frame(frameAt(i));
      if (i % 10 === 0) await new Promise((r) => setImmediate(r));
    }
  }

  it('closes the episode as incomplete, leaves earlier episodes and the manifest alone, and records again once space is back', async () => {
    const ds = await Dataset.open(tmp.dir, { fs, clock });
    const first = await open(ds, 'ep-1');
    await drive(first, 0, 200);
    await ds.addEpisode(await first.close({ outcome: 'success' }));
    const manifestBefore = readFileSync(ds.manifestPath);
    const firstBytes = readFileSync(join(ds.episodesDir, 'ep-1.mcap'));

    const second = await open(ds, 'ep-2');
    const errors: RecordError[] = [];
    second.onError((e) => errors.push(e));
    await drive(second, 0, 160);
    await until(() => second.stats().chunks >= 3 && second.stats().queueDepth === 0, 'three chunks on disk');
    fs.full = true;
    await drive(second, 160, 300);
    await until(() => errors.length > 0, 'the error report');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ episodeId: 'ep-2', code: 'ENOSPC' });
    expect(errors[0]!.message).toMatch(/ep-2.*disk is full \(ENOSPC\).*incomplete/);
    // The caller keeps going: nothing throws, the frames are refused.
    expect(() => second.frame(frameAt(300))).not.toThrow();
    expect(second.stats().state).toBe('failed');
    expect(second.stats().dropped).toBeGreaterThan(0);

    const summary = await second.close();
    expect(summary).toMatchObject({ complete: false, status: 'write-error' });
    expect(summary.error).toMatch(/ENOSPC/);
    // With the disk still full not even a summary fits: the file stays partial, for recovery.
    expect(summary.file).toBe(join(ds.episodesDir, 'ep-2.mcap.partial'));
    expect(await ds.addEpisode(summary)).toBeNull();
    expect(readFileSync(ds.manifestPath)).toEqual(manifestBefore);
    expect(readFileSync(join(ds.episodesDir, 'ep-1.mcap'))).toEqual(firstBytes);

    fs.full = false;
    const third = await open(ds, 'ep-3');
    await drive(third, 0, 100);
    const s3 = await third.close();
    expect(s3).toMatchObject({ complete: true, frames: 100 });
    await ds.addEpisode(s3);

    // Next start: the partial comes back with every frame of its written chunks.
    const again = await Dataset.open(tmp.dir, { fs, clock });
    const reports = await again.recoverAll();
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({ ok: true, action: 'rewritten' });
    const entry = again.get('ep-2')!;
    expect(entry).toMatchObject({ complete: false, file: 'episodes/ep-2.mcap' });
    expect(entry.frames).toBeGreaterThanOrEqual(100);
    expect(entry.frames).toBeLessThan(300);
    const { byTopic } = await readWithMcapCore(join(again.episodesDir, 'ep-2.mcap'));
    expect(byTopic.get('/intervene/frame')).toEqual(Array.from({ length: entry.frames }, (_, i) => frameAt(i)));
    expect(again.list().map((e) => [e.id, e.complete])).toEqual([['ep-1', true], ['ep-2', false], ['ep-3', true]]);
  });

  it('a one-off I/O error loses nothing written so far: the retried file is finished and marked incomplete', async () => {
    const ds = await Dataset.open(tmp.dir, { fs, clock });
    const w = await open(ds, 'ep-io');
    const errors: RecordError[] = [];
    w.onError((e) => errors.push(e));
    await drive(w, 0, 120);
    await until(() => w.stats().chunks >= 2 && w.stats().queueDepth === 0, 'two chunks');
    fs.ioErrorOnce = true;
    await drive(w, 120, 180);
    await until(() => errors.length > 0, 'the error report');
    expect(errors[0]).toMatchObject({ code: 'EIO' });
    const summary = await w.close();
    expect(summary.complete).toBe(false);
    expect(summary.file).toBe(join(ds.episodesDir, 'ep-io.mcap'));
    expect(existsSync(`${summary.file}.partial`)).toBe(false);
    const reader = await EpisodeReader.open(summary.file);
    const frames = await reader.frames();
    expect(reader.indexed).toBe(true);
    expect(reader.complete).toBe(false);
    expect(reader.end).toMatchObject({ complete: false, status: 'write-error' });
    await reader.close();
    // Chunks span half a second: frames 100-124 were the chunk whose write failed. They are
    // there (the write was retried), and so is everything before them.
    expect(frames.length).toBeGreaterThanOrEqual(125);
    expect(frames).toEqual(Array.from({ length: frames.length }, (_, i) => frameAt(i)));
    const entry = await ds.addEpisode(summary);
    expect(entry).toMatchObject({ id: 'ep-io', complete: false, frames: frames.length });
  });

  it('starting an episode on a full disk fails clearly and leaves no file behind', async () => {
    const ds = await Dataset.open(tmp.dir, { fs, clock });
    fs.full = true;
    await expect(open(ds, 'ep-x')).rejects.toThrow(/cannot start recording .*ep-x\.mcap\.partial: the disk is full \(ENOSPC\)/);
    expect(existsSync(join(ds.episodesDir, 'ep-x.mcap.partial'))).toBe(false);
  });
});
