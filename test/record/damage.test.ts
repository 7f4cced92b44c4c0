import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EpisodeReader, EpisodeReadError } from '../../src/record/episode-reader.ts';
import { EpisodeWriter } from '../../src/record/episode-writer.ts';
import type { Frame } from '../../src/record/frame.ts';
import { nodeRecordFs } from '../../src/record/node-record-fs.ts';
import { recoverEpisode } from '../../src/record/recover.ts';
import { FakeClock } from '../fakes/fake-clock.ts';
import { FaultyFs } from './faulty-fs.ts';
import { frameAt, metadataFor, RAW_TOPICS, readWithMcapCore, scanAt, tempDir } from './record-fixture.ts';

const FRAMES = 150;
/** These tests make hundreds of files and test no durability: skip the fsyncs. */
const fs = new FaultyFs(true);

/** Reads a file the way the app does; a failure must be an EpisodeReadError naming the file. */
async function readOrExplain(path: string): Promise<{ frames: Frame[]; complete: boolean; problems: readonly string[] } | EpisodeReadError> {
  let reader: EpisodeReader;
  try {
    reader = await EpisodeReader.open(path);
  } catch (err) {
    expect(err).toBeInstanceOf(EpisodeReadError);
    expect((err as Error).message.startsWith(`${path}: `)).toBe(true);
    return err as EpisodeReadError;
  }
  try {
    const frames = await reader.frames();
    await reader.seek(1.5);
    return { frames, complete: reader.complete, problems: reader.problems };
  } finally {
    await reader.close();
  }
}

/** A deterministic generator, so a failing offset can be replayed. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

describe('damaged episode files', () => {
  let tmp: ReturnType<typeof tempDir>;
  let original: Uint8Array;

  beforeAll(async () => {
    tmp = tempDir('damage');
    // Short chunks so that a small file has many of them.
    const w = await EpisodeWriter.open({ dir: tmp.dir, id: 'ep', metadata: metadataFor('ep'), fs: nodeRecordFs, clock: new FakeClock(), rawTopics: RAW_TOPICS, chunkMs: 500, syncEachChunk: false });
    for (let i = 0; i < FRAMES; i++) {
      const f = frameAt(i);
      w.frame(f);
      if (i % 5 === 0) w.raw('/scan', scanAt(f.t, 36), w.originNs + BigInt(Math.round(f.t * 1e9)));
    }
    const summary = await w.close();
    original = readFileSync(summary.file);
  });
  afterAll(() => tmp.cleanup());

  it('a file cut at any byte reads as far as its complete chunks go, and recovers to a proper file', async () => {
    const path = join(tmp.dir, 'cut.mcap.partial');
    let previous = -1;
    let cuts = 0;
    const { reader } = await readWithMcapCore(join(tmp.dir, 'ep.mcap'));
    const boundaries = reader.chunkIndexes.flatMap((c) => [Number(c.chunkStartOffset), Number(c.chunkStartOffset + c.chunkLength)]);
    const step = Math.ceil(original.byteLength / 40);
    const sample = boundaries.filter((_, i) => i < 6 || i >= boundaries.length - 2);
    const offsets = [...Array.from({ length: 41 }, (_, k) => Math.min(k * step, original.byteLength)), ...sample.flatMap((b) => [b - 1, b, b + 1])];
    for (const at of [...new Set(offsets)].sort((a, b) => a - b)) {
      writeFileSync(path, original.subarray(0, at));
      const read = await readOrExplain(path);
      if (read instanceof EpisodeReadError) {
        // Only a file too short for its header and channels is unreadable outright.
        expect(at).toBeLessThan(2000);
        expect(read.reason).toMatch(/too short|no readable MCAP header|MCAP magic/);
      } else {
        expect(read.frames).toEqual(Array.from({ length: read.frames.length }, (_, i) => frameAt(i)));
        expect(read.frames.length).toBeGreaterThanOrEqual(previous);
        previous = read.frames.length;
        expect(read.complete).toBe(at === original.byteLength);
        if (at < original.byteLength - 2000) expect(read.problems.join()).toMatch(/cut off/);
      }
      const report = await recoverEpisode(path, { fs });
      const out = join(tmp.dir, 'cut.mcap');
      if (report.ok) {
        const { byTopic } = await readWithMcapCore(out);
        const frames = byTopic.get('/intervene/frame') ?? [];
        expect(report.recovered_frames).toBe(frames.length);
        if (!(read instanceof EpisodeReadError)) expect(frames.length).toBe(read.frames.length);
        await nodeRecordFs.remove(out);
      } else {
        expect(report.error).toMatch(/nothing to recover/);
        await nodeRecordFs.remove(`${out}.unrecoverable`);
      }
      await nodeRecordFs.remove(path);
      cuts++;
    }
    expect(cuts).toBeGreaterThan(60);
    expect(step).toBeGreaterThan(100);
    expect(previous).toBe(FRAMES);
  });

  it('a flipped bit anywhere gives a clear error or a partial read, never a crash, and never a wrong frame', async () => {
    const random = lcg(42);
    const path = join(tmp.dir, 'flip.mcap');
    const outcomes = { errors: 0, damaged: 0, clean: 0 };
    for (let n = 0; n < 100; n++) {
      const bytes = Uint8Array.from(original);
      const at = Math.floor(random() * bytes.byteLength);
      bytes[at]! ^= 1 << Math.floor(random() * 8);
      writeFileSync(path, bytes);
      const read = await readOrExplain(path);
      if (read instanceof EpisodeReadError) {
        outcomes.errors++;
      } else {
        for (const f of read.frames) expect(f).toEqual(frameAt(f.tick!));
        if (read.problems.length > 0) outcomes.damaged++;
        else outcomes.clean++;
      }
      const report = await recoverEpisode(path, { fs });
      if (report.ok && report.output) {
        const { byTopic } = await readWithMcapCore(report.output);
        for (const f of (byTopic.get('/intervene/frame') ?? []) as Frame[]) expect(f).toEqual(frameAt(f.tick!));
      } else {
        expect(report.error).toBeTruthy();
      }
      for (const leftover of ['flip.mcap', 'flip.mcap.damaged', 'flip.mcap.recovering']) await nodeRecordFs.remove(join(tmp.dir, leftover));
    }
    // Most flips land in chunk data: caught by the chunk CRC and skipped.
    expect(outcomes.damaged).toBeGreaterThan(30);
  });

  it('a flipped bit in one chunk loses that chunk only, and recovery keeps the damaged original', async () => {
    const bytes = Uint8Array.from(original);
    const { reader } = await readWithMcapCore(join(tmp.dir, 'ep.mcap'));
    const third = reader.chunkIndexes[3]!;
    bytes[Number(third.chunkStartOffset) + 200]! ^= 0x10;
    const path = join(tmp.dir, 'one.mcap');
    writeFileSync(path, bytes);
    const read = await readOrExplain(path);
    if (read instanceof EpisodeReadError) throw read;
    expect(read.problems.join()).toMatch(new RegExp(`damaged chunk at byte ${third.chunkStartOffset}: Incorrect chunk CRC`));
    expect(read.frames.length).toBeLessThan(FRAMES);
    expect(read.frames.length).toBeGreaterThan(FRAMES - 20);
    const report = await recoverEpisode(path, { fs });
    expect(report).toMatchObject({ ok: true, action: 'rewritten', output: path, recovered_frames: read.frames.length });
    expect(readFileSync(`${path}.damaged`)).toEqual(Buffer.from(bytes));
    const again = await readOrExplain(path);
    if (again instanceof EpisodeReadError) throw again;
    expect(again.problems).toEqual([]);
    expect(again.frames).toEqual(read.frames);
  });

  it('names the file and the fault for a missing file, an empty file and a file that is not MCAP', async () => {
    const missing = join(tmp.dir, 'nope.mcap');
    await expect(EpisodeReader.open(missing)).rejects.toThrow(`${missing}: no such file`);
    const empty = join(tmp.dir, 'empty.mcap');
    writeFileSync(empty, '');
    await expect(EpisodeReader.open(empty)).rejects.toThrow(`${empty}: too short to be an MCAP file (0 bytes)`);
    const text = join(tmp.dir, 'notes.mcap');
    writeFileSync(text, 'these are my notes, not a recording');
    await expect(EpisodeReader.open(text)).rejects.toThrow(`${text}: not an MCAP file`);
    await expect(EpisodeReader.open(tmp.dir)).rejects.toThrow(tmp.dir);
    expect(await recoverEpisode(text)).toMatchObject({ ok: false, action: 'unrecoverable' });
    expect(readFileSync(text, 'utf8')).toBe('these are my notes, not a recording');
  });
});
