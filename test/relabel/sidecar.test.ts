import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NodeSidecarFs } from '../../src/relabel/node-sidecar-fs.ts';
import type { RelabelPassHeader, RelabelSample } from '../../src/relabel/pass.ts';
import { PassWriter } from '../../src/relabel/pass-writer.ts';
import { readSidecar, sidecarPath, SidecarLog, writeStatus } from '../../src/relabel/sidecar.ts';
import { FakeClock } from '../fakes/fake-clock.ts';
import { MemorySidecarFs, settle } from './relabel-fixture.ts';

const PATH = 'episodes/ep1.relabel.jsonl';

const header = (id: string, createdAt = '2026-03-01T10:00:00.000Z'): RelabelPassHeader => ({
  id, episodeId: 'ep1', operator: 'ana', from: 1, to: 3, speed: 0.25, latencyMs: 240, createdAt,
});

const sample = (k: number): RelabelSample => ({ wallMs: k * 20, replayT: Math.round((1 + k * 0.005) * 1e6) / 1e6, action: [k / 100, 0, -0.5, 0.25], enable: k % 7 !== 3 });

/** Drives a pass for `ticks` control ticks of 20 ms on the fake clock. */
async function drive(writer: PassWriter, clock: FakeClock, ticks: number): Promise<RelabelSample[]> {
  const sent: RelabelSample[] = [];
  for (let k = 0; k < ticks; k++) {
    const s = sample(k);
    writer.add(s);
    sent.push(s);
    clock.advance(20);
    await settle();
  }
  return sent;
}

async function completePass(fs: MemorySidecarFs, clock: FakeClock, id: string, ticks: number): Promise<RelabelSample[]> {
  const log = new SidecarLog(fs, PATH);
  const writer = await PassWriter.open({ log, clock, header: header(id) });
  const sent = await drive(writer, clock, ticks);
  expect(await writer.end()).toBe(ticks);
  return sent;
}

describe('sidecar path', () => {
  it('sits beside the episode, .mcap replaced', () => {
    expect(sidecarPath('/data/episodes/2026-03-01_lane.mcap')).toBe('/data/episodes/2026-03-01_lane.relabel.jsonl');
    expect(() => sidecarPath('/data/x.mcap.partial')).toThrow(/x\.mcap\.partial/);
  });
});

describe('pass writer', () => {
  it('round-trips passes, samples and the last status', async () => {
    const fs = new MemorySidecarFs(), clock = new FakeClock();
    const a = await completePass(fs, clock, 'a', 60);
    const b = await completePass(fs, clock, 'b', 5);
    const log = new SidecarLog(fs, PATH);
    await writeStatus(log, 'a', 'accepted');
    await writeStatus(log, 'b', 'discarded');
    await writeStatus(log, 'b', 'pending');
    const { passes, problems } = await readSidecar(fs, PATH);
    expect(problems).toEqual([]);
    expect(passes.map((p) => [p.id, p.status, p.samples.length])).toEqual([['a', 'accepted', 60], ['b', 'pending', 5]]);
    expect(passes[0]).toMatchObject(header('a'));
    expect(passes[0]?.samples).toEqual(a);
    expect(passes[1]?.samples).toEqual(b);
  });

  it('never writes from add(); appends at most every 0.5 s, each followed by an fsync', async () => {
    const fs = new MemorySidecarFs(), clock = new FakeClock();
    const writer = await PassWriter.open({ log: new SidecarLog(fs, PATH), clock, header: header('a') });
    const afterOpen = fs.appends;
    for (let k = 0; k < 24; k++) { writer.add(sample(k)); clock.advance(20); }
    expect(fs.appends).toBe(afterOpen); // 480 ms: still buffered
    clock.advance(20);
    await settle();
    expect(fs.appends).toBe(afterOpen + 1);
    const syncsAfterFirst = fs.syncs;
    await drive(writer, clock, 100); // 2 s more
    const lines = (fs.files.get(PATH) ?? '').trim().split('\n').map((l) => JSON.parse(l) as { kind: string; rows?: unknown[] });
    const sampleLines = lines.filter((l) => l.kind === 'samples');
    expect(sampleLines.length).toBeGreaterThanOrEqual(4);
    expect(sampleLines.length).toBeLessThanOrEqual(5);
    expect(fs.syncs).toBeGreaterThanOrEqual(syncsAfterFirst + 4);
    expect(writer.samples).toBe(124);
    writer.dispose();
  });

  it('a pass without its end line reads as incomplete, samples kept; a status cannot make it complete', async () => {
    const fs = new MemorySidecarFs(), clock = new FakeClock();
    await completePass(fs, clock, 'a', 10);
    const log = new SidecarLog(fs, PATH);
    const writer = await PassWriter.open({ log, clock, header: header('b') });
    await drive(writer, clock, 40);
    writer.dispose(); // the app went away mid-pass
    await writeStatus(log, 'b', 'accepted');
    const { passes } = await readSidecar(fs, PATH);
    expect(passes.map((p) => p.status)).toEqual(['pending', 'incomplete']);
    expect(passes[1]?.samples.length).toBeGreaterThanOrEqual(25); // what reached the disk (flushed every 0.5 s)
  });

  it('a torn last line is skipped and reported, and the next write starts on a fresh line', async () => {
    const fs = new MemorySidecarFs(), clock = new FakeClock();
    await completePass(fs, clock, 'a', 10);
    fs.files.set(PATH, `${fs.files.get(PATH) ?? ''}{"kind":"samples","pass":"a","rows":[[1,2`);
    let read = await readSidecar(fs, PATH);
    expect(read.passes.map((p) => [p.id, p.status, p.samples.length])).toEqual([['a', 'pending', 10]]);
    expect(read.problems).toEqual([expect.stringMatching(/^line \d+: not a complete JSON line/)]);
    // A new session appends after the torn line: its lines must not be glued onto it.
    await writeStatus(new SidecarLog(fs, PATH), 'a', 'accepted');
    read = await readSidecar(fs, PATH);
    expect(read.passes[0]?.status).toBe('accepted');
    expect(read.problems).toHaveLength(1);
  });

  it('garbage lines, unknown passes and bad statuses are reported, not fatal', async () => {
    const fs = new MemorySidecarFs(), clock = new FakeClock();
    await completePass(fs, clock, 'a', 3);
    const junk = ['garbage', '[1,2]', '{"kind":"status","pass":"zz","status":"accepted"}', '{"kind":"status","pass":"a","status":"great"}',
      '{"kind":"pass","id":"c"}', '{"kind":"what","pass":"a"}', ''];
    fs.files.set(PATH, `${fs.files.get(PATH) ?? ''}${junk.join('\n')}\n`);
    await writeStatus(new SidecarLog(fs, PATH), 'a', 'discarded');
    const { passes, problems } = await readSidecar(fs, PATH);
    expect(passes.map((p) => [p.id, p.status])).toEqual([['a', 'discarded']]);
    expect(problems).toHaveLength(6);
    expect(await readSidecar(fs, 'nope.relabel.jsonl')).toEqual({ passes: [], problems: [] });
  });

  it('a killed session loses at most the pass in progress: cut at every byte', async () => {
    const fs = new MemorySidecarFs(), clock = new FakeClock();
    await completePass(fs, clock, 'a', 30);
    await writeStatus(new SidecarLog(fs, PATH), 'a', 'accepted');
    const intact = fs.files.get(PATH) ?? '';
    const reference = (await readSidecar(fs, PATH)).passes[0];
    const writer = await PassWriter.open({ log: new SidecarLog(fs, PATH), clock, header: header('b') });
    await drive(writer, clock, 60);
    await writer.flush();
    const full = fs.files.get(PATH) ?? '';
    expect(full.length - intact.length).toBeGreaterThan(500);
    const seen = new Set<string>();
    for (let cut = intact.length; cut <= full.length; cut++) {
      const cutFs = new MemorySidecarFs();
      cutFs.files.set(PATH, full.slice(0, cut));
      const { passes, problems } = await readSidecar(cutFs, PATH);
      expect(passes[0]).toEqual(reference);
      expect(passes.length).toBeLessThanOrEqual(2);
      if (passes[1]) expect(passes[1].status).toBe('incomplete');
      expect(problems.length).toBeLessThanOrEqual(1);
      seen.add(passes[1] ? 'incomplete' : 'absent');
    }
    expect([...seen].sort()).toEqual(['absent', 'incomplete']);
    writer.dispose();
  });

  it('a full disk surfaces as an error, stops the pass, and leaves earlier lines readable', async () => {
    const fs = new MemorySidecarFs(), clock = new FakeClock();
    await completePass(fs, clock, 'a', 10);
    const log = new SidecarLog(fs, PATH);
    await writeStatus(log, 'a', 'accepted');
    const writer = await PassWriter.open({ log, clock, header: header('b') });
    const errors: Error[] = [];
    writer.onError((e) => errors.push(e));
    await drive(writer, clock, 30);
    fs.full = true;
    await drive(writer, clock, 30);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toMatch(/pass b .*ENOSPC/);
    expect(writer.error).toBe(errors[0]);
    expect(writer.droppedSamples).toBeGreaterThan(0);
    await expect(writer.end()).rejects.toThrow(/ENOSPC/);
    await expect(writeStatus(log, 'a', 'discarded')).rejects.toThrow(/ENOSPC/);
    await expect(PassWriter.open({ log, clock, header: header('c') })).rejects.toThrow(/ENOSPC/);

    let read = await readSidecar(fs, PATH);
    expect(read.passes.map((p) => [p.id, p.status])).toEqual([['a', 'accepted'], ['b', 'incomplete']]);
    // Space freed: the same log writes on, past the torn halves.
    fs.full = false;
    await writeStatus(log, 'a', 'discarded');
    read = await readSidecar(fs, PATH);
    expect(read.passes.map((p) => [p.id, p.status])).toEqual([['a', 'discarded'], ['b', 'incomplete']]);
    expect(read.passes[0]?.samples).toHaveLength(10);
  });

  it('the Node file system round-trips a pass and starts a fresh line after a torn one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'relabel-'));
    try {
      const path = sidecarPath(join(dir, 'ep1.mcap'));
      const fs = new NodeSidecarFs();
      expect(await fs.readText(path)).toBeNull();
      const clock = new FakeClock();
      const writer = await PassWriter.open({ log: new SidecarLog(fs, path), clock, header: header('a') });
      const sent = await drive(writer, clock, 40);
      await writer.end();
      await writeFile(path, '{"kind":"sta', { flag: 'a' });
      await writeStatus(new SidecarLog(fs, path), 'a', 'accepted');
      const { passes, problems } = await readSidecar(fs, path);
      expect(passes[0]?.samples).toEqual(sent);
      expect(passes[0]?.status).toBe('accepted');
      expect(problems).toHaveLength(1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
