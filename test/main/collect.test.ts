import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { McapIndexedReader } from '@mcap/core';
import { Dataset } from '../../src/record/dataset.ts';
import { nodeRecordFs } from '../../src/record/node-record-fs.ts';

const root = join(import.meta.dirname, '..', '..');
const out = mkdtempSync(join(tmpdir(), 'intervene-collect-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('intervene collect', () => {
  it('records the synthetic operator into a dataset exactly as the app does', async () => {
    const r = spawnSync(process.execPath, [join(root, 'bin', 'intervene.js'), 'collect', '--out', out, '--episodes', '2', '--seconds', '4', '--speed', '4', '--json'], {
      cwd: root, encoding: 'utf8', timeout: 60_000,
    });
    expect(r.status, r.stderr).toBe(0);
    const printed = JSON.parse(r.stdout) as { episodes: Array<{ id: string }> };
    expect(printed.episodes).toHaveLength(2);

    const ds = await Dataset.open(out, { create: false });
    const entries = ds.list();
    expect(entries.map((e) => e.id).sort()).toEqual(printed.episodes.map((e) => e.id).sort());
    for (const e of entries) {
      expect(e.complete).toBe(true);
      expect(e.round).toBe(0);
      expect(e.operator_frames).toBeGreaterThan(50);
      expect(e.distance_m).toBeGreaterThan(1);
    }

    // Read back with @mcap/core's own reader: frames carry the expert's label and who drove.
    const file = await nodeRecordFs.openRead(join(out, entries[0]!.file));
    const size = await file.size();
    const reader = await McapIndexedReader.Initialize({
      readable: { size: async () => BigInt(size), read: async (offset, length) => file.read(Number(offset), Number(length)) },
    });
    const frameChannel = [...reader.channelsById.values()].find((c) => c.topic === '/intervene/frame')!;
    expect(reader.schemasById.get(frameChannel.schemaId)?.encoding).toBe('jsonschema');
    let operatorWithExpert = 0;
    for await (const m of reader.readMessages({ topics: ['/intervene/frame'] })) {
      const f = JSON.parse(new TextDecoder().decode(m.data)) as { driver: string; expert_action: number[] | null; obs: number[] };
      if (f.driver === 'operator' && f.expert_action !== null && f.obs.length > 30) operatorWithExpert++;
    }
    await file.close();
    expect(operatorWithExpert).toBeGreaterThan(50);
  }, 90_000);
});
