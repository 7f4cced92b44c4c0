import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activate, type BackendChoice } from '../../src/learn/backends.ts';
import { startRoutedTraining, type GpuHost, type RouteMemo } from '../../src/learn/gpu-route.ts';
import { runTrainJob } from '../../src/learn/train-job.ts';
import type { HostMessage, WorkerMessage } from '../../src/learn/train-protocol.ts';
import { TrainerError, type TrainerChannel, type TrainerOptions } from '../../src/learn/trainer.ts';
import { Dataset } from '../../src/record/dataset.ts';
import { addEpisode, bundleWorker } from './dataset-fixture.ts';
import { SMALL, tempDir } from './learn-fixture.ts';

/**
 * How the GPU page behaves. Its GPU is faked (the choice it reports), but it runs the real
 * job protocol (runTrainJob) and really trains, in this process on TF.js's CPU backend.
 */
type PageKind = { rate: number } | 'no-webgpu' | 'dies-after-choice';

interface FakePage {
  channel: TrainerChannel;
  started: HostMessage[];
  closed: boolean;
}

function fakePage(kind: PageKind): FakePage {
  let listener: ((m: WorkerMessage) => void) | null = null;
  let failure: ((message: string) => void) | null = null;
  let stop = false;
  const page: FakePage = { started: [], closed: false, channel: null as unknown as TrainerChannel };
  // Like a MessagePort: delivery is asynchronous.
  const deliver = (m: WorkerMessage): void => { setImmediate(() => { if (!page.closed) listener?.(m); }); };
  page.channel = {
    name: 'GPU trainer',
    post: (m) => {
      if (m.type === 'cancel') { stop = true; return; }
      page.started.push(m);
      if (m.input.job.kind !== 'data') throw new Error('the page takes arrays only');
      const { data } = m.input.job;
      const pinned = m.input.backend === 'webgpu';
      void runTrainJob(data, m.input.options, {
        choose: async (): Promise<BackendChoice> => {
          if (kind === 'no-webgpu') throw new Error('webgpu: no GPU adapter (no supported GPU, or its driver is blocklisted)');
          await activate('cpu');
          const rate = typeof kind === 'object' ? kind.rate : 1e6;
          return { chosen: 'webgpu', reason: `webgpu on Fake GPU; ${pinned ? 'pinned' : `${rate / 1000}k samples/s`}`, tried: [{ name: 'webgpu', available: true, ...(pinned ? {} : { samplesPerS: rate }) }] };
        },
        post: (out) => {
          deliver(out);
          if (out.type === 'backend' && kind === 'dies-after-choice') setImmediate(() => failure?.('the GPU trainer\'s renderer is gone (crashed)'));
        },
        shouldStop: () => stop,
      });
    },
    onMessage: (fn) => { listener = fn; },
    onFailure: (fn) => { failure = fn; },
    close: () => { stop = true; page.closed = true; },
  };
  return page;
}

describe('training routed between the worker and the GPU window', () => {
  const tmp = tempDir('gpu-route');
  let worker = '';
  let dataset: Dataset;
  beforeAll(async () => {
    worker = await bundleWorker();
    dataset = await Dataset.open(join(tmp.dir, 'set'));
    await addEpisode(dataset, 'demo', 0, 600);
  }, 30_000);
  afterAll(() => tmp.cleanup());

  const source = () => ({ root: dataset.root, episodes: dataset.list(), preset: 'bc' as const, relabels: false });
  const options = (backend: TrainerOptions['backend'] = null): TrainerOptions => ({
    workerUrl: worker, backend, candidates: ['wasm', 'cpu'], train: { ensemble: SMALL, epochs: 2, batchSize: 128 },
  });
  function host(kinds: PageKind[], delayMs = 0): GpuHost & { pages: FakePage[] } {
    const pages: FakePage[] = [];
    return {
      pages,
      open: async () => {
        if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
        const page = fakePage(kinds[Math.min(pages.length, kinds.length - 1)] as PageKind);
        pages.push(page);
        return page.channel;
      },
    };
  }

  it('a faster GPU trains and is remembered: the next run goes to it without a trial', async () => {
    const gpu = host([{ rate: 9e9 }]);
    const memo: RouteMemo = { winner: null };
    const first = await startRoutedTraining(source(), options(), gpu, memo).result;
    expect(first.backend.chosen).toBe('webgpu');
    expect(first.backend.reason).toMatch(/^webgpu \(fastest measured\); webgpu: 9000\.0M samples\/s on Fake GPU; wasm: \d+k samples\/s; cpu: \d+k samples\/s$/);
    expect(first.metrics.epochsRun).toBe(2);
    expect(memo.winner).toBe('gpu');
    const second = await startRoutedTraining(source(), options(), gpu, memo).result;
    expect(second.backend.reason).toBe('webgpu (fastest measured earlier this session); on Fake GPU');
    expect(gpu.pages.map((p) => (p.started[0]?.type === 'start' ? p.started[0].input.backend : 'none'))).toEqual([null, 'webgpu']);
  }, 60_000);

  it('a slower GPU hands the data to a worker, and the reason says what the GPU measured', async () => {
    const gpu = host([{ rate: 10 }]);
    const memo: RouteMemo = { winner: null };
    const job = startRoutedTraining(source(), options(), gpu, memo);
    const shown: BackendChoice[] = [];
    job.backend.on((c) => shown.push(c));
    const result = await job.result;
    expect(['wasm', 'cpu']).toContain(result.backend.chosen);
    expect(result.backend.reason).toMatch(/^(wasm|cpu) \(fastest measured\); wasm: \d+k samples\/s; cpu: \d+k samples\/s; webgpu: 10 samples\/s on Fake GPU$/);
    expect(shown.map((c) => c.reason)).toEqual([result.backend.reason]);
    expect(gpu.pages[0]?.closed).toBe(true);
    expect(memo).toEqual({ winner: 'worker', gpuNote: 'webgpu: 10 samples/s on Fake GPU' });
    // Settled for the session: straight to the worker, still saying why.
    const next = await startRoutedTraining(source(), options(), gpu, memo).result;
    expect(gpu.pages).toHaveLength(1);
    expect(next.backend.reason).toMatch(/; webgpu: 10 samples\/s on Fake GPU \(earlier this session\)$/);
  }, 60_000);

  it('no WebGPU: the worker trains, or, pinned by the user, the run fails saying why', async () => {
    const memo: RouteMemo = { winner: null };
    const result = await startRoutedTraining(source(), options(), host(['no-webgpu']), memo).result;
    expect(result.backend.reason).toMatch(/; webgpu: no GPU adapter \(no supported GPU, or its driver is blocklisted\)$/);
    expect(memo.winner).toBe('worker');
    const pinned = await startRoutedTraining(source(), options('webgpu'), host(['no-webgpu']), { winner: null }).result.catch((e: unknown) => e);
    expect(pinned).toBeInstanceOf(TrainerError);
    expect((pinned as TrainerError).kind).toBe('failed');
    expect((pinned as TrainerError).message).toBe('webgpu: no GPU adapter (no supported GPU, or its driver is blocklisted)');
  }, 60_000);

  it('a GPU that had won but fails now: the worker measures and trains, and the next run measures the GPU again', async () => {
    const memo: RouteMemo = { winner: 'gpu' };
    const result = await startRoutedTraining(source(), options(), host(['no-webgpu']), memo).result;
    expect(result.backend.reason).toMatch(/^(wasm|cpu) \(measured now\); wasm: \d+k samples\/s; cpu: \d+k samples\/s; webgpu: no GPU adapter/);
    expect(memo.winner).toBeNull();
  }, 60_000);

  it('a GPU page that dies while training fails the run as a crash, and the next run measures again', async () => {
    const memo: RouteMemo = { winner: null };
    const err = await startRoutedTraining(source(), options(), host(['dies-after-choice']), memo).result.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TrainerError);
    expect((err as TrainerError).kind).toBe('crashed');
    expect((err as TrainerError).message).toBe("the GPU trainer's renderer is gone (crashed)");
    expect(memo.winner).toBeNull();
  }, 60_000);

  it('a cancel while the GPU window opens ends the run without starting the page', async () => {
    const gpu = host([{ rate: 9e9 }], 1500);
    const memo: RouteMemo = { winner: null };
    const job = startRoutedTraining(source(), options(), gpu, memo);
    await job.prepared;
    job.cancel();
    const err = await job.result.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TrainerError);
    expect((err as TrainerError).kind).toBe('cancelled');
    expect(gpu.pages.every((p) => p.closed && p.started.length === 0)).toBe(true);
    expect(memo.winner).toBeNull();
  }, 60_000);
});
