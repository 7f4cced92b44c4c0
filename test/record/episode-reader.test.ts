import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EpisodeReader } from '../../src/record/episode-reader.ts';
import { EpisodeWriter } from '../../src/record/episode-writer.ts';
import { nodeRecordFs } from '../../src/record/node-record-fs.ts';
import { FakeClock } from '../fakes/fake-clock.ts';
import { FaultyFs } from './faulty-fs.ts';
import { frameAt, metadataFor, odometryAt, RAW_TOPICS, scanAt, tempDir } from './record-fixture.ts';

const SECONDS = 120;

describe('EpisodeReader seek', () => {
  let tmp: ReturnType<typeof tempDir>;
  let file: string;
  beforeAll(async () => {
    tmp = tempDir('reader');
    const w = await EpisodeWriter.open({ dir: tmp.dir, id: 'long', metadata: metadataFor('long'), fs: nodeRecordFs, clock: new FakeClock(), rawTopics: RAW_TOPICS, syncEachChunk: false });
    for (let i = 0; i < SECONDS * 50; i++) {
      const f = frameAt(i);
      const ns = w.originNs + BigInt(Math.round(f.t * 1e9));
      w.frame(f);
      w.raw('/odom', odometryAt(f.t), ns);
      if (i % 5 === 0) w.raw('/scan', scanAt(f.t), ns);
      if (i % 100 === 0) await new Promise((r) => setImmediate(r));
    }
    file = (await w.close()).file;
  });
  afterAll(() => tmp.cleanup());

  it('uses the chunk index: a seek reads a few chunks, not the file', async () => {
    const fs = new FaultyFs(true);
    const reader = await EpisodeReader.open(file, { fs });
    const size = readFileSync(file).byteLength;
    try {
      expect(reader.indexed).toBe(true);
      for (const t of [0.5, 37.01, 60, 119.97]) {
        fs.bytesRead = 0;
        const at = await reader.seek(t);
        expect(at.frame?.tick).toBe(Math.floor(t * 50 + 1e-6));
        expect(at.latest.get('/scan')!.t).toBeCloseTo(Math.floor(t * 10 + 1e-6) / 10, 6);
        expect(at.latest.get('/odom')!.t).toBeCloseTo(at.frame!.t, 6);
        // About two seconds of data (the look-back), out of two minutes.
        expect(fs.bytesRead).toBeLessThan(size / 20);
      }
      const before = await reader.seek(-1);
      expect(before.frame).toBeNull();
      expect(reader.durationS).toBeCloseTo(SECONDS - 0.02, 6);
    } finally {
      await reader.close();
    }
  });

  it('seeks the same way in a file cut off in the middle, up to where it was cut', async () => {
    const cut = join(tmp.dir, 'cut.mcap.partial');
    const bytes = readFileSync(file);
    writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.byteLength / 2)));
    const reader = await EpisodeReader.open(cut);
    try {
      expect(reader.indexed).toBe(false);
      const at = await reader.seek(30.5);
      expect(at.frame).toEqual(frameAt(1525));
      const frames = await reader.frames();
      expect(frames.length).toBeGreaterThan(SECONDS * 50 * 0.4);
      expect(frames).toEqual(Array.from({ length: frames.length }, (_, i) => frameAt(i)));
      const end = await reader.seek(SECONDS);
      expect(end.frame).toBeNull();
    } finally {
      await reader.close();
    }
  });
});
