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
  /** A fresh channel to the GPU page, one per job; rejects (with the reason) when it cannot be opened. */
  open(): Promise<TrainerChannel>;
}

/** Which side won the last comparison (null: not measured yet this session). */
export interface RouteMemo {
  winner: 'gpu' | 'worker' | null;
  /** What the GPU measured when the worker won: later runs' reasons keep saying why. */
  gpuNote?: string;
}

export function startRoutedTraining(source: DatasetSource, options: TrainerOptions, gpu: GpuHost | null, memo: RouteMemo): DatasetTrainJob {
  const pinnedElsewhere = options.backend !== undefined && options.backend !== null && options.backend !== 'webgpu';
  if (!gpu || pinnedElsewhere) return startTrainingFromDataset(source, options);
  if (memo.winner === 'worker' && options.backend !== 'webgpu') return withNote(startTrainingFromDataset(source, options), `${memo.gpuNote ?? 'webgpu: slower'} (earlier this session)`);
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
    this.stopIfCancelled();
    let channel: TrainerChannel;
    try {
      channel = await this.gpu.open();
    } catch (e) {
      this.stopIfCancelled();
      return this.gpuFailed(handed, `webgpu: the GPU window did not open: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (this.cancelled) {
      channel.close();
      this.stopIfCancelled();
    }
    const gpuJob = startTrainingOn(channel, handed.data, { ...this.options, train: handed.options, backend: this.gpuSure ? 'webgpu' : null });
    this.inner = gpuJob;
    let gpuChoice: BackendChoice;
    try {
      gpuChoice = await firstChoice(gpuJob);
    } catch (e) {
      this.stopIfCancelled();
      const why = e instanceof Error ? e.message.replace(/^training failed: /, '') : String(e);
      return this.gpuFailed(handed, why.startsWith('webgpu: ') ? why : `webgpu: ${why}`);
    }
    const gpuTrial = gpuChoice.tried[0];
    if (this.gpuSure) {
      const why = this.pinned ? 'pinned by the user' : 'fastest measured earlier this session';
      return this.followGpu(gpuJob, { ...gpuChoice, reason: `webgpu (${why}); on ${adapterOf(gpuChoice)}` });
    }
    const gpuRate = gpuTrial?.samplesPerS ?? 0;
    const cpuRate = Math.max(0, ...handed.choice.tried.map((t) => t.samplesPerS ?? 0));
    const tried = [...(gpuTrial ? [gpuTrial] : []), ...handed.choice.tried];
    const gpuNote = `webgpu: ${formatRate(gpuRate)} samples/s on ${adapterOf(gpuChoice)}`;
    if (gpuRate > cpuRate) {
      this.memo.winner = 'gpu';
      return this.followGpu(gpuJob, { chosen: 'webgpu', reason: `webgpu (fastest measured); ${gpuNote}; ${describe(handed.choice.tried)}`, tried });
    }
    gpuJob.cancel();
    gpuJob.result.catch(() => undefined);
    this.memo.winner = 'worker';
    this.memo.gpuNote = gpuNote;
    const { chosen } = handed.choice;
    return this.follow(startTraining(handed.data, { ...this.options, train: handed.options, backend: chosen }),
      () => ({ chosen, tried, reason: `${chosen} (fastest measured); ${describe(handed.choice.tried)}; ${gpuNote}` }));
  }

  private get pinned(): boolean {
    return this.options.backend === 'webgpu';
  }

  private stopIfCancelled(): void {
    if (this.cancelled) throw new TrainerError('cancelled', 'training cancelled before it began');
  }

  /**
   * The GPU cannot train this run. Pinned by the user, that is the run's failure; otherwise
   * the worker trains (measuring its own backends: the preparation skipped that when the
   * GPU had won before), and the next run measures the GPU again only if it had won.
   */
  private gpuFailed(handed: HandedBack, note: string): Promise<TrainJobResult> {
    if (this.pinned) throw new TrainerError('failed', note);
    this.memo.winner = this.gpuSure ? null : 'worker';
    this.memo.gpuNote = note;
    const measured = !this.gpuSure;
    const job = startTraining(handed.data, { ...this.options, train: handed.options, backend: measured ? handed.choice.chosen : (this.options.backend ?? null) });
    return this.follow(job, (own) => {
      const choice = measured ? handed.choice : own;
      return { ...choice, reason: `${choice.chosen} (${measured ? 'fastest measured' : 'measured now'}); ${describe(choice.tried)}; ${note}` };
    });
  }

  /** A GPU run that crashes makes the next run measure again, unless the user pinned it. */
  private followGpu(job: TrainJob, choice: BackendChoice): Promise<TrainJobResult> {
    // The page reported its backend already (that is how it was measured).
    return this.follow(job, () => choice, choice).catch((e: unknown) => {
      if (!this.pinned && !(e instanceof TrainerError && e.kind === 'cancelled')) this.memo.winner = null;
      throw e;
    });
  }

  /**
   * Forwards `job` as this one; `describeChoice` turns the job's own backend report into the
   * one shown (`reported`: the job's report, when it came before this was called).
   */
  private follow(job: TrainJob, describeChoice: (own: BackendChoice) => BackendChoice, reported?: BackendChoice): Promise<TrainJobResult> {
    this.inner = job;
    let shown: BackendChoice | null = null;
    const show = (own: BackendChoice): void => { shown = describeChoice(own); this.backend.fire(shown); };
    if (reported) show(reported);
    else job.backend.on(show);
    job.progress.on((p) => this.progress.fire(p));
    if (this.cancelled) job.cancel();
    return job.result.then((r) => ({ ...r, backend: shown ?? describeChoice(r.backend) }));
  }
}

/** The worker's job with `note` added to its reason (the panel keeps saying why the GPU is not used). */
function withNote(job: DatasetTrainJob, note: string): DatasetTrainJob {
  const backend = new Emitter<BackendChoice>();
  let noted: BackendChoice | null = null;
  job.backend.on((c) => { noted = { ...c, reason: `${c.reason}; ${note}` }; backend.fire(noted); });
  const result = job.result.then((r) => ({ ...r, backend: noted ?? r.backend })).finally(() => backend.dispose());
  return { ...job, backend, result, cancel: () => job.cancel() };
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
