/**
 * The desktop app's GPU window as one more place to train. The worker reads the dataset
 * and measures its own backends as always; where a GPU window exists, it hands the arrays
 * back instead of training, the window measures WebGPU on them, and the faster of the two
 * trains. The outcome is remembered for the session, so later retrainings go straight to
 * the winner. Small MLPs are often faster on the CPU: the comparison is measured, and the
 * reason names both sides.
 */
import { Emitter } from '../base/emitter.ts';
import { describe, formatRate, type BackendChoice } from './backends.ts';
import type { DatasetSource, PreparedInfo } from './dataset-source.ts';
import type { TrainProgress } from './train.ts';
import {
  prepareInWorker, startTraining, startTrainingFromDataset, startTrainingOn, TrainerError,
  type DatasetTrainJob, type HandedBack, type TrainerChannel, type TrainerOptions, type TrainJob, type TrainJobResult,
} from './trainer.ts';

export interface GpuHost {
  /** A fresh channel to the GPU page, one per job; rejects (with the reason) when there is no window. */
  open(): Promise<TrainerChannel>;
}

/** Which side won the last comparison (null: not measured yet this session). */
export interface RouteMemo {
  winner: 'gpu' | 'worker' | null;
}

export function startRoutedTraining(source: DatasetSource, options: TrainerOptions, gpu: GpuHost | null, memo: RouteMemo): DatasetTrainJob {
  const pinnedElsewhere = options.backend !== undefined && options.backend !== null && options.backend !== 'webgpu';
  if (!gpu || pinnedElsewhere || (memo.winner === 'worker' && options.backend !== 'webgpu')) return startTrainingFromDataset(source, options);
  const gpuSure = options.backend === 'webgpu' || memo.winner === 'gpu';
  // Nothing to compare once the GPU is settled: a pinned plain-JS backend skips the worker's trials.
  const prep = prepareInWorker(source, { ...options, backend: gpuSure ? 'cpu' : (options.backend ?? null) });
  return new RoutedJob(prep, options, gpu, memo, gpuSure).job;
}

class RoutedJob {
  readonly job: DatasetTrainJob;
  private readonly progress = new Emitter<TrainProgress>();
  private readonly backend = new Emitter<BackendChoice>();
  private inner: { cancel(): void };
  private cancelled = false;

  constructor(private readonly prep: ReturnType<typeof prepareInWorker>, private readonly options: TrainerOptions,
    private readonly gpu: GpuHost, private readonly memo: RouteMemo, private readonly gpuSure: boolean) {
    this.inner = prep;
    const prepared: Promise<PreparedInfo> = prep.handed.then((h) => h.info);
    prepared.catch(() => undefined);
    const result = this.run().finally(() => { this.progress.dispose(); this.backend.dispose(); });
    this.job = {
      progress: this.progress, backend: this.backend, prepared, result,
      cancel: () => { this.cancelled = true; this.inner.cancel(); },
    };
  }

  private async run(): Promise<TrainJobResult> {
    const handed = await this.prep.handed;
    if (this.cancelled) throw new TrainerError('cancelled', 'training cancelled before it began');
    let channel: TrainerChannel;
    try {
      channel = await this.gpu.open();
    } catch (e) {
      const why = `webgpu: the GPU window did not open: ${e instanceof Error ? e.message : String(e)}`;
      if (this.gpuSure) throw new TrainerError('failed', why);
      return this.onWorker(handed, why);
    }
    const gpuJob = startTrainingOn(channel, handed.data, { ...this.options, train: handed.options, backend: this.gpuSure ? 'webgpu' : null });
    this.inner = gpuJob;
    let gpuChoice: BackendChoice;
    try {
      gpuChoice = await firstChoice(gpuJob);
    } catch (e) {
      if (this.gpuSure || this.cancelled) throw e;
      this.memo.winner = 'worker';
      return this.onWorker(handed, e instanceof Error ? e.message.replace(/^training failed: /, '') : String(e));
    }
    const gpuTrial = gpuChoice.tried[0];
    if (this.gpuSure) {
      const why = this.options.backend === 'webgpu' ? 'pinned by the user' : 'fastest measured earlier this session';
      return this.follow(gpuJob, { ...gpuChoice, reason: `webgpu (${why}); on ${adapterOf(gpuChoice)}` });
    }
    const gpuRate = gpuTrial?.samplesPerS ?? 0;
    const cpuRate = Math.max(0, ...handed.choice.tried.map((t) => t.samplesPerS ?? 0));
    const tried = [...(gpuTrial ? [gpuTrial] : []), ...handed.choice.tried];
    const gpuNote = `webgpu: ${formatRate(gpuRate)} samples/s on ${adapterOf(gpuChoice)}`;
    if (gpuRate > cpuRate) {
      this.memo.winner = 'gpu';
      return this.follow(gpuJob, { chosen: 'webgpu', reason: `webgpu (fastest measured); ${gpuNote}; ${describe(handed.choice.tried)}`, tried });
    }
    gpuJob.cancel();
    gpuJob.result.catch(() => undefined);
    this.memo.winner = 'worker';
    return this.onWorker(handed, gpuNote);
  }

  /** Trains the handed-back arrays in a fresh worker, on the backend it measured fastest. */
  private onWorker(handed: HandedBack, gpuNote: string): Promise<TrainJobResult> {
    if (this.cancelled) return Promise.reject(new TrainerError('cancelled', 'training cancelled before it began'));
    const job = startTraining(handed.data, { ...this.options, train: handed.options, backend: handed.choice.chosen });
    this.inner = job;
    const { chosen, tried } = handed.choice;
    const why = tried.filter((t) => t.available).length > 1 ? 'fastest measured' : 'the only one that loads';
    return this.follow(job, { chosen, tried, reason: `${chosen} (${why}); ${describe(tried)}; ${gpuNote}` });
  }

  private follow(job: TrainJob, choice: BackendChoice): Promise<TrainJobResult> {
    this.inner = job;
    this.backend.fire(choice);
    job.progress.on((p) => this.progress.fire(p));
    if (this.cancelled) job.cancel();
    return job.result.then((r) => ({ ...r, backend: choice }));
  }
}

/** The adapter named in the page's reason ("webgpu on <adapter>; <rate>"). */
function adapterOf(choice: BackendChoice): string {
  return choice.reason.replace(/^webgpu on /, '').replace(/; [^;]*$/, '');
}

/** The job's backend choice, or its failure if it ends first. */
function firstChoice(job: TrainJob): Promise<BackendChoice> {
  return new Promise((resolve, reject) => {
    const off = job.backend.on((c) => { off(); resolve(c); });
    job.result.then(() => reject(new TrainerError('failed', 'the GPU trainer finished without choosing a backend')), reject);
  });
}
