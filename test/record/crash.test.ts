import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Dataset } from '../../src/record/dataset.ts';
import type { Frame } from '../../src/record/frame.ts';
import { frameAt, readWithMcapCore, tempDir } from './record-fixture.ts';

const KILLS = 20;

interface Run {
  opened: string[];
  closed: Map<string, number>;
  /** Episode time of the last frame the child reported, per episode, when it was killed. */
  lastT: Map<string, number>;
}

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

/** Starts the recorder, lets it run `ms` after its first episode opens, and kills it. */
function runAndKill(bundle: string, root: string, ms: number): Promise<Run> {
  const run: Run = { opened: [], closed: new Map(), lastT: new Map() };
  const child = spawn(process.execPath, [bundle, root], { stdio: ['ignore', 'pipe', 'pipe'] });
  let buffer = '';
  let errors = '';
  let killedAt: Run | null = null;
  child.stderr.on('data', (d: Buffer) => (errors += d.toString()));
  child.stdout.on('data', (d: Buffer) => {
    if (killedAt) return;
    buffer += d.toString();
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    for (const line of lines) {
      const [what, id, value] = line.split(' ');
      if (!id) continue;
      if (what === 'open') {
        run.opened.push(id);
        if (run.opened.length === 1) setTimeout(kill, ms);
      } else if (what === 't') run.lastT.set(id, Number(value));
      else if (what === 'closed') run.closed.set(id, Number(value));
    }
  });
  function kill(): void {
    // What the parent knew at the moment of the kill is what the check holds the files to.
    killedAt = { opened: [...run.opened], closed: new Map(run.closed), lastT: new Map(run.lastT) };
    child.kill('SIGKILL');
  }
  return new Promise((resolve, reject) => {
    child.once('exit', (code, signal) => {
      if (signal !== 'SIGKILL' || !killedAt) reject(new Error(`recorder exited on its own (${code}): ${errors}`));
      else resolve(killedAt);
    });
  });
}

describe('recording survives SIGKILL at random moments', () => {
  let tmp: ReturnType<typeof tempDir>;
  let bundle: string;
  beforeAll(async () => {
    tmp = tempDir('crash');
    bundle = join(tmp.dir, 'crash-child.mjs');
    await build({
      entryPoints: [join(import.meta.dirname, 'crash-child.ts')], outfile: bundle, bundle: true,
      platform: 'node', format: 'esm', target: 'node20', logLevel: 'warning',
    });
  });
  afterAll(() => tmp.cleanup());

  it(`${KILLS} kills: every episode comes back readable, with every frame older than one second before the kill`, async () => {
    const root = join(tmp.dir, 'dataset');
    const random = lcg(2024);
    const closedFrames = new Map<string, number>();
    let cutOff = 0;
    for (let k = 0; k < KILLS; k++) {
      const run = await runAndKill(bundle, root, 40 + random() * 700);
      // The next start: recover, then hold every episode of this run to what it promised.
      const ds = await Dataset.open(root);
      await ds.recoverAll();
      expect(readdirSync(ds.episodesDir).filter((n) => n.endsWith('.partial'))).toEqual([]);
      for (const id of run.opened) {
        const entry = ds.get(id);
        expect(entry, `episode ${id} after kill ${k}`).toBeDefined();
        const { byTopic } = await readWithMcapCore(join(root, entry!.file));
        const frames = (byTopic.get('/intervene/frame') ?? []) as Frame[];
        const closed = run.closed.get(id);
        if (closed !== undefined) {
          closedFrames.set(id, closed);
          expect(entry!.complete).toBe(true);
          expect(frames).toHaveLength(closed);
        } else {
          cutOff++;
          const lastT = run.lastT.get(id) ?? 0;
          const owed = Array.from({ length: Math.ceil((lastT - 1) / 0.02) }, (_, i) => frameAt(i)).filter((f) => f.t < lastT - 1);
          expect(frames.slice(0, owed.length), `episode ${id}: frames up to ${lastT - 1} s`).toEqual(owed);
          expect(entry!.frames).toBe(frames.length);
          expect(byTopic.get('/odom')?.length ?? 0).toBeGreaterThanOrEqual(owed.length);
        }
      }
      ds.dispose();
    }
    // Every finished episode of every run is still whole at the end.
    const ds = await Dataset.open(root);
    for (const [id, n] of closedFrames) expect(ds.get(id)).toMatchObject({ complete: true, frames: n });
    expect(cutOff).toBeGreaterThanOrEqual(KILLS - 2);
  }, 90_000);
});
