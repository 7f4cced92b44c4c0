import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'esbuild';
import { systemClock } from '../../src/base/clock.ts';
import type { Dataset } from '../../src/record/dataset.ts';
import type { EpisodeEntry, EpisodeMetadata } from '../../src/record/dataset-types.ts';
import { EpisodeWriter } from '../../src/record/episode-writer.ts';
import type { Frame } from '../../src/record/frame.ts';
import { nodeRecordFs } from '../../src/record/node-record-fs.ts';
import { sidecarPath } from '../../src/relabel/sidecar.ts';

export const OBS = Array.from({ length: 24 }, (_, k) => `f${k}`);

/** Bundles the worker as scripts/build.mjs does; under node_modules so TF.js resolves. */
export async function bundleWorker(): Promise<string> {
  const out = join(import.meta.dirname, '../../node_modules/.cache/intervene-dataset-test/train-worker.mjs');
  await build({
    entryPoints: [join(import.meta.dirname, '../../src/learn/train-worker.ts')], outfile: out, bundle: true,
    platform: 'node', format: 'esm', target: 'node20', logLevel: 'warning', external: ['@tensorflow/*'],
  });
  return out;
}

/**
 * Frame i of a 50 Hz episode. Round 0: the operator drives it all (demonstrations).
 * Later rounds: the policy drives, and the operator takes over for ticks 100-149 of every 250.
 */
export function frameOf(i: number, round: number): Frame {
  const t = i * 0.02;
  const phase = i % 250;
  const operator = round === 0 || (phase >= 100 && phase < 150);
  const events = round === 0 ? [] : phase === 100 ? ['takeover'] : phase === 150 ? ['handback'] : [];
  return {
    t, stamp: 1_714_564_800 + t, tick: i, source: 'tick', obs: OBS.map((_, k) => Math.round(Math.sin(t + k) * 1e4) / 1e4),
    operator_action: [0.5 + 0.1 * Math.sin(t), 0, 0, 0.1], policy_action: [0.4, 0, 0, 0], expert_action: null, doubt: 0.05,
    driver: operator ? 'operator' : 'policy', policy_version: round === 0 ? null : `v${round}`, events,
    enable: operator, estop: false, armed: true, published: [0.4, 0, 0, 0], rtt_ms: 3,
  };
}

function metadata(id: string, round: number): EpisodeMetadata {
  return {
    id, round, robot_profile: 'rover', world: 'lane', seed: 1, operator: 'tester', app_version: 'test',
    start: '2026-01-01T00:00:00.000Z', obs_fields: OBS, action_fields: ['linear_x', 'linear_y', 'linear_z', 'angular_z'],
    policy_version: round === 0 ? null : `v${round}`,
  };
}

/** Writes a real MCAP episode of `frames` ticks into the dataset and adds it to the manifest. */
export async function addEpisode(dataset: Dataset, id: string, round: number, frames: number): Promise<EpisodeEntry> {
  const writer = await EpisodeWriter.open({ dir: join(dataset.root, 'episodes'), id, metadata: metadata(id, round), fs: nodeRecordFs, clock: systemClock, syncEachChunk: false });
  for (let i = 0; i < frames; i++) {
    writer.frame(frameOf(i, round));
    if (i % 200 === 0) {
      await new Promise((r) => setImmediate(r));
      while (writer.stats().queueBytes > 4 << 20) await new Promise((r) => setTimeout(r, 1));
    }
  }
  const entry = await dataset.addEpisode(await writer.close());
  if (!entry) throw new Error(`fixture: episode ${id} was not added`);
  return entry;
}

/** An accepted relabel pass over [from, to] s of the episode, written as the desk writes it. */
export async function acceptPass(root: string, entry: EpisodeEntry, from: number, to: number, action: number[]): Promise<void> {
  const id = `pass-${entry.id}`;
  const rows: number[][] = [];
  for (let t = from; t <= to + 1e-9; t += 0.05) rows.push([Math.round((t - from) * 1000), Math.round(t * 1e6) / 1e6, ...action, 1]);
  const lines = [
    { kind: 'pass', id, episodeId: entry.id, operator: 'ana', from, to, speed: 1, latencyMs: 0, createdAt: '2026-01-01T00:00:00.000Z' },
    { kind: 'samples', pass: id, rows },
    { kind: 'end', pass: id, samples: rows.length },
    { kind: 'status', pass: id, status: 'accepted' },
  ];
  await writeFile(sidecarPath(join(root, entry.file)), lines.map((l) => `${JSON.stringify(l)}\n`).join(''));
}
