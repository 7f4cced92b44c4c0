/**
 * Runs training in a worker thread and turns every way it can end into a settled promise:
 * done, cancelled, crashed (error or exit), hung (no message for `hangMs`) or, for a job
 * that reads the dataset itself, unusable (too few rows, unreadable). A failed run rejects
 * with a TrainerError whose message says what happened; it never hangs, so the caller can
 * raise a problem and keep the robot and the app going.
 */
import { Worker } from 'node:worker_threads';
import { systemClock, type Clock } from '../base/clock.ts';
import { Emitter } from '../base/emitter.ts';
import type { TrainingSet } from '../record/aggregate.ts';
import type { BackendChoice, BackendName } from './backends.ts';
import { toTrainData, type DatasetSource, type PreparedInfo } from './dataset-source.ts';
import type { HostMessage, WorkerInput, WorkerJob, WorkerMessage } from './train-protocol.ts';
import type { TrainData, TrainOptions, TrainProgress, TrainResult } from './train.ts';

export interface TrainerOptions {
  train?: TrainOptions;
  /** Pin a backend (no trials); null or absent measures the candidates. */
  backend?: BackendName | null;
  candidates?: readonly BackendName[];
  /** A worker silent this long is hung (default 60 s: one epoch on 30k frames takes a few). */
  hangMs?: number;
  /** After cancel(), how long the worker may take to hand back its best weights. */
  cancelGraceMs?: number;
  /** The bundled worker entry (default: train-worker.js beside this bundle). */
  workerUrl?: URL | string;
  clock?: Clock;
  /** Test hook, see WorkerInput. */
  stallAfterBackend?: boolean;
  /** Share of the time the worker computes (default 1): below 1 it rests to leave the control loop room. */
  duty?: number;
}

export interface TrainJobResult extends TrainResult {
  backend: BackendChoice;
}

/** unusable: the dataset could not be trained on; the message is the worker's own, for the operator. */
export type TrainerFailure = 'crashed' | 'hung' | 'cancelled' | 'failed' | 'unusable';

export class TrainerError extends Error {
  constructor(readonly kind: TrainerFailure, message: string) {
    super(message);
    this.name = 'TrainerError';
  }
}

export interface TrainJob {
  readonly progress: Emitter<TrainProgress>;
  readonly backend: Emitter<BackendChoice>;
  readonly result: Promise<TrainJobResult>;
  /** Asks the worker to stop and resolve with the best weights so far; ends it if it will not. */
  cancel(): void;
}

export { toTrainData };

export interface DatasetTrainJob extends TrainJob {
  /**
   * Resolves once the worker has read and aggregated the dataset, before training starts;
   * rejects with the job's TrainerError if the job ends first (cancel included).
   */
  readonly prepared: Promise<PreparedInfo>;
}

/** Trains on arrays made by the caller (benchmarks, tests, the experiment runner). */
export function startTraining(set: TrainingSet | TrainData, options: TrainerOptions = {}): TrainJob {
  const data = 'provenance' in set ? toTrainData(set) : set;
  const { prepared: _prepared, ...job } = launch({ kind: 'data', data }, options);
  return job;
}

/**
 * Trains on a dataset folder that the worker reads and aggregates itself, so the caller's
 * thread does none of it. `options.train.warmStart` is used only if its observation fields
 * match the prepared set's (PreparedInfo.warmStarted says which).
 */
export function startTrainingFromDataset(source: DatasetSource, options: TrainerOptions = {}): DatasetTrainJob {
  return launch({ kind: 'dataset', source }, options);
}

function launch(work: WorkerJob, options: TrainerOptions): DatasetTrainJob {
  const clock = options.clock ?? systemClock;
  const hangMs = options.hangMs ?? 60_000;
  const stopFlag = new SharedArrayBuffer(4);
  const input: WorkerInput = { job: work, options: options.train ?? {}, backend: options.backend ?? null, candidates: options.candidates, stallAfterBackend: options.stallAfterBackend, duty: options.duty, stopFlag };
  const worker = new Worker(options.workerUrl ?? new URL('./train-worker.js', import.meta.url), { workerData: input });
  const progress = new Emitter<TrainProgress>(), backend = new Emitter<BackendChoice>();
  let chosen: BackendChoice | null = null;
  let preparing = work.kind === 'dataset';
  let settled = false;
  let cancelWatchdog = (): void => {};
  let cancelGrace = (): void => {};
  let resolve!: (r: TrainJobResult) => void, reject!: (e: Error) => void;
  const result = new Promise<TrainJobResult>((res, rej) => { resolve = res; reject = rej; });
  let prepare!: (p: PreparedInfo) => void, unprepared!: (e: Error) => void;
  const prepared = new Promise<PreparedInfo>((res, rej) => { prepare = res; unprepared = rej; });
  // Most callers only wait on result; a job that ends early must not leave this unhandled.
  prepared.catch(() => undefined);

  const finish = (outcome: TrainJobResult | TrainerError): void => {
    if (settled) return;
    settled = true;
    cancelWatchdog();
    cancelGrace();
    void worker.terminate();
    progress.dispose();
    backend.dispose();
    if (outcome instanceof TrainerError) {
      unprepared(outcome);
      reject(outcome);
    } else resolve(outcome);
  };
  const arm = (): void => {
    cancelWatchdog();
    cancelWatchdog = clock.setTimeout(() => finish(new TrainerError('hung', `training worker hung: no progress for ${Math.round(hangMs / 1000)} s`)), hangMs);
  };
  arm();
  worker.on('message', (m: WorkerMessage) => {
    arm();
    if (m.type === 'prepared') {
      preparing = false;
      const { type: _type, ...info } = m;
      prepare(info);
    } else if (m.type === 'backend') { chosen = m.choice; backend.fire(m.choice); }
    else if (m.type === 'progress') progress.fire(m.progress);
    else if (m.type === 'error') finish(m.during === 'prepare' ? new TrainerError('unusable', m.message) : new TrainerError('failed', `training failed: ${m.message}`));
    else if (!chosen) finish(new TrainerError('failed', 'training worker finished without choosing a backend'));
    else finish({ ...m.result, backend: chosen });
  });
  worker.on('error', (e) => finish(new TrainerError('crashed', `training worker crashed: ${e.message}`)));
  worker.on('exit', (code) => finish(new TrainerError('crashed', `training worker exited (code ${code}) before finishing`)));
  return {
    progress, backend, result, prepared,
    cancel() {
      if (settled) return;
      // Nothing trained yet, so nothing to hand back: end the reading at once.
      if (preparing) {
        finish(new TrainerError('cancelled', 'training cancelled while the dataset was being prepared'));
        return;
      }
      Atomics.store(new Int32Array(stopFlag), 0, 1);
      worker.postMessage({ type: 'cancel' } satisfies HostMessage);
      cancelGrace = clock.setTimeout(() => finish(new TrainerError('cancelled', 'training cancelled (the worker did not stop in time)')), options.cancelGraceMs ?? 5000);
    },
  };
}
