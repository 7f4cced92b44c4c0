import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { experimentCommand } from '../../main/commands/experiment.ts';
import type { PooledResult } from '../../src/experiment/replicas.ts';
import type { ExperimentResult } from '../../src/experiment/runner-types.ts';

const TINY = ['--world', 'lane', '--seed', '5', '--rounds', '1', '--episodes', '1', '--seconds', '10', '--epochs', '2', '--eval-episodes', '2', '--eval-seconds', '10'];

async function capture(argv: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => { lines.push(a.join(' ')); });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    return { code: await experimentCommand.run(argv), out: lines.join('\n') };
  } finally {
    log.mockRestore();
    err.mockRestore();
  }
}

describe('intervene experiment: replicas', () => {
  let dir = '';
  afterEach(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

  it('--repeats pools replicas, writes each with --out, and --pool of those files prints the same', async () => {
    dir = mkdtempSync(join(tmpdir(), 'intervene-replicas-'));
    const run = await capture([...TINY, '--methods', 'bc,hgdagger', '--repeats', '2', '--out', dir, '--json']);
    expect(run.code).toBe(0);
    const pooled = JSON.parse(run.out) as PooledResult;
    expect(pooled.repeats).toBe(2);
    expect(pooled.replicas.map((r) => r.replica ?? 0)).toEqual([0, 1]);
    expect(pooled.methods.hgdagger?.[1]?.failures_per_km_replicas).toHaveLength(2);
    const files = readdirSync(dir).sort();
    expect(files).toEqual(['experiment-lane-5-r1.json', 'experiment-lane-5.json']);
    const inOrder = [files[1], files[0]].map((f) => join(dir, f as string));
    const again = await capture(['--pool', ...inOrder, '--json']);
    expect(JSON.parse(again.out)).toEqual(pooled);
    const table = await capture(['--pool', ...inOrder]);
    expect(table.out).toMatch(/2 replicas \(0, 1\) pooled; range: lowest and highest replica/);
    expect(table.out).toMatch(/fail\/km +range +success/);
    expect(table.out).toMatch(/hgdagger +final failures\/km [\d.]+ pooled, sd [\d.]+; replicas [\d.]+ \/ [\d.]+/);
  }, 120_000);

  it('refuses a file that is not an experiment, and --replica with --repeats', async () => {
    dir = mkdtempSync(join(tmpdir(), 'intervene-replicas-'));
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"hello": 1}');
    await expect(experimentCommand.run(['--pool', bad])).rejects.toThrow(/bad\.json: not an experiment result/);
    writeFileSync(bad, '{"world": "lane", "seed": 1, "me');
    await expect(experimentCommand.run(['--pool', bad])).rejects.toThrow(/bad\.json: .*JSON/);
    await expect(experimentCommand.run([...TINY, '--replica', '1', '--repeats', '2'])).rejects.toThrow(/give one of them/);
  });

  it('--requests turns on HG-DAgger\'s doubt alert: the operator answers it, and the run says how it was set', async () => {
    const plain = JSON.parse((await capture([...TINY, '--methods', 'hgdagger', '--json'])).out) as ExperimentResult;
    expect(plain.requests).toBeUndefined();
    expect(plain.methods.hgdagger?.[1]?.requests_per_min).toBe(0);
    const asked = JSON.parse((await capture([...TINY, '--methods', 'hgdagger', '--requests', 'rate:0.2', '--json'])).out) as ExperimentResult;
    expect(asked.requests).toEqual({ source: 'rate', value: 0.2 });
    expect(asked.methods.hgdagger?.[1]?.requests_per_min).toBeGreaterThan(0);
    // Answered requests are takeovers too: more of them, and more labels.
    expect(asked.methods.hgdagger?.[1]?.interventions_per_min).toBeGreaterThan(plain.methods.hgdagger?.[1]?.interventions_per_min ?? Infinity);
    expect(asked.methods.hgdagger?.[1]?.expert_labels).toBeGreaterThan(plain.methods.hgdagger?.[1]?.expert_labels ?? Infinity);
    const table = await capture([...TINY, '--methods', 'hgdagger', '--requests', 'rate:0.2']);
    expect(table.out).toMatch(/HG-DAgger's doubt alert: asks on 20% of autonomous steps/);
    expect(table.out).toMatch(/interv\/min +asks\/min +operator s/);
    await expect(experimentCommand.run([...TINY, '--requests', 'rate:2'])).rejects.toThrow(/--requests must be off, calibrated or rate:R/);
    await expect(experimentCommand.run([...TINY, '--requests', 'sometimes'])).rejects.toThrow(/--requests/);
  }, 120_000);
});
