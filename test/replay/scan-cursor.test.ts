import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EpisodeReader } from '../../src/record/episode-reader.ts';
import { loadEpisodeTrack, type EpisodeTrack } from '../../src/replay/episode-track.ts';
import { NO_SCAN, ScanCursor } from '../../src/replay/scan-cursor.ts';
import { tempDir } from '../record/record-fixture.ts';
import { openEpisode, writeEpisode } from './replay-fixture.ts';

describe('ScanCursor', () => {
  let tmp: ReturnType<typeof tempDir>;
  let reader: EpisodeReader;
  let track: EpisodeTrack;
  beforeAll(async () => {
    tmp = tempDir('replay-scan');
    reader = await openEpisode(await writeEpisode(tmp.dir));
    track = await loadEpisodeTrack(reader);
  });
  afterAll(async () => {
    await reader.close();
    tmp.cleanup();
  });

  it('returns the scan in effect once, then null until it changes', async () => {
    const cursor = new ScanCursor(reader, track);
    const first = await cursor.scanAt(2.03);
    // Every range of the fixture's scans is the scan's own time.
    expect(first?.ranges[0]).toBeCloseTo(2.0, 9);
    expect(first?.angleIncrement).toBe(0.5);
    expect(await cursor.scanAt(2.05)).toBeNull();
    expect(await cursor.scanAt(2.0999)).toBeNull();
    expect((await cursor.scanAt(2.1))?.ranges[0]).toBeCloseTo(2.1, 9);
    expect(await cursor.scanAt(2.1)).toBeNull();
    // Back in time is a change too.
    expect((await cursor.scanAt(7.55))?.ranges[0]).toBeCloseTo(7.5, 9);
    expect((await cursor.scanAt(2.15))?.ranges[0]).toBeCloseTo(2.1, 9);
  });

  it('sends NO_SCAN before the first scan, once', async () => {
    const cursor = new ScanCursor(reader, track);
    expect(await cursor.scanAt(0.05)).toBe(NO_SCAN);
    expect(await cursor.scanAt(0.06)).toBeNull();
    expect((await cursor.scanAt(0.1))?.ranges[0]).toBeCloseTo(0.1, 9);
    expect(await cursor.scanAt(-1)).toBe(NO_SCAN);
  });

  it('answers overlapping calls for one scan once, and again after reset', async () => {
    const cursor = new ScanCursor(reader, track);
    const [a, b] = await Promise.all([cursor.scanAt(5.01), cursor.scanAt(5.02)]);
    expect(a?.ranges[0]).toBeCloseTo(5, 9);
    expect(b).toBeNull();
    cursor.reset();
    expect((await cursor.scanAt(5.03))?.ranges[0]).toBeCloseTo(5, 9);
  });

  it('reads the last scan at the very end of the episode', async () => {
    const cursor = new ScanCursor(reader, track);
    expect((await cursor.scanAt(track.durationS))?.ranges[0]).toBeCloseTo(9.9, 9);
  });
});
