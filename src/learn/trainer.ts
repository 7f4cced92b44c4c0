/**
 * Runs training in a worker thread (or, through a TrainerChannel, in a page such as the
 * desktop app's hidden GPU window) and turns every way it can end into a settled promise:
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

/**
 * Where a job runs, seen from the host: the worker thread, or a page that speaks the same
 * protocol (the GPU window). One listener each: the job's.
 */
export interface TrainerChannel {
  /** What the operator reads in errors: 'training worker', 'GPU trainer'. */
  readonly name: string;
  post(m: HostMessage): void;
  onMessage(fn: (m: WorkerMessage) => void): void;
  /** The job's host died or could not start; the text says how, for the operator. */
  onFailure(fn: (message: string) => void): void;
  /** Ends the job's host: terminate the worker, close the page. */
  close(): void;
}

/**
 * Trains on arrays in a page reached through `channel` (the page has its own backend);
 * the same guarantees as the worker: settles on done, cancel, failure or silence.
 */
export function startTrainingOn(channel: TrainerChannel, set: TrainingSet | TrainData, options: TrainerOptions = {}): TrainJob {
  const data = 'provenance' in set ? toTrainData(set) : set;
  // The page measures its one backend unless pinned ('webgpu': no trial).
  const input: WorkerInput = { job: { kind: 'data', data }, options: options.train ?? {}, backend: options.backend ?? null };
  const { prepared: _prepared, ...job } = run(channel, input, options);
  channel.post({ type: 'start', input });
  return job;
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

/** What a hand-back job returns: the prepared arrays, and the worker's own backend choice to compare with. */
export interface HandedBack {
  info: PreparedInfo;
  choice: BackendChoice;
  data: TrainData;
  /** The options that fit the data (the warm start dropped if its fields differ). */
  options: TrainOptions;
}

export interface PrepareJob {
  readonly handed: Promise<HandedBack>;
  cancel(): void;
}

/**
 * The worker reads and aggregates the dataset and measures its own backends, then hands
 * the arrays back instead of training: for training elsewhere (the GPU window).
 */
export function prepareInWorker(source: DatasetSource, options: TrainerOptions = {}): PrepareJob {
  let handBack!: (h: HandedBack) => void;
  const handed = new Promise<HandedBack>((resolve) => { handBack = resolve; });
  const job = launch({ kind: 'dataset', source }, options, (m, choice, info) => handBack({ info, choice, data: m.data, options: m.options }));
  return { handed: Promise.race([handed, job.result.then(() => { throw new TrainerError('failed', 'the worker trained instead of handing the data back'); })]), cancel: () => job.cancel() };
}

type DataMessage = Extract<WorkerMessage, { type: 'data' }>;
type HandBack = (m: DataMessage, choice: BackendChoice, info: PreparedInfo) => void;

function launch(work: WorkerJob, options: TrainerOptions, handBack?: HandBack): DatasetTrainJob {
  const stopFlag = new SharedArrayBuffer(4);
  const input: WorkerInput = {
    job: work, options: options.train ?? {}, backend: options.backend ?? null, candidates: options.candidates,
    stallAfterBackend: options.stallAfterBackend, duty: options.duty, stopFlag, handBack: handBack !== undefined,
  };
  const worker = new Worker(options.workerUrl ?? new URL('./train-worker.js', import.meta.url), { workerData: input });
  const channel: TrainerChannel = {
    name: 'training worker',
    post: (m) => {
      // The worker reads this between batches; its message only between epochs.
      if (m.type === 'cancel') Atomics.store(new Int32Array(stopFlag), 0, 1);
      worker.postMessage(m);
    },
    onMessage: (fn) => worker.on('message', fn),
    onFailure: (fn) => {
      worker.on('error', (e) => fn(`training worker crashed: ${e.message}`));
      worker.on('exit', (code) => fn(`training worker exited (code ${code}) before finishing`));
    },
    close: () => void worker.terminate(),
  };
  return run(channel, input, options, handBack);
}

function run(channel: TrainerChannel, input: WorkerInput, options: TrainerOptions, handBack?: HandBack): DatasetTrainJob {
  const clock = options.clock ?? systemClock;
  const hangMs = options.hangMs ?? 60_000;
  const progress = new Emitter<TrainProgress>(), backend = new Emitter<BackendChoice>();
  let chosen: BackendChoice | null = null;
  let preparedInfo: PreparedInfo | null = null;
  let cancelling = false;
  let preparing = input.job.kind === 'dataset';
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
    channel.close();
    progress.dispose();
    backend.dispose();
    if (outcome instanceof TrainerError) {
      unprepared(outcome);
      reject(outcome);
    } else resolve(outcome);
  };
  const arm = (): void => {
    cancelWatchdog();
    cancelWatchdog = clock.setTimeout(() => finish(new TrainerError('hung', `${channel.name} hung: no progress for ${Math.round(hangMs / 1000)} s`)), hangMs);
  };
  arm();
  channel.onMessage((m: WorkerMessage) => {
    arm();
    if (m.type === 'prepared') {
      preparing = false;
      const { type: _type, ...info } = m;
      preparedInfo = info;
      prepare(info);
    } else if (m.type === 'backend') { chosen = m.choice; backend.fire(m.choice); }
    else if (m.type === 'progress') progress.fire(m.progress);
    else if (m.type === 'error') finish(m.during === 'prepare' ? new TrainerError('unusable', m.message) : new TrainerError('failed', `training failed: ${m.message}`));
    else if (!chosen) finish(new TrainerError('failed', `${channel.name} finished without choosing a backend`));
    else if (m.type === 'data') {
      if (handBack && preparedInfo) handBack(m, chosen, preparedInfo);
      finish(new TrainerError(handBack ? 'cancelled' : 'failed', handBack ? 'the data was handed back' : 'the worker handed data back unasked'));
    } else finish({ ...m.result, backend: chosen });
  });
  channel.onFailure((message) => finish(new TrainerError('crashed', message)));
  return {
    progress, backend, result, prepared,
    cancel() {
      if (settled || cancelling) return;
      cancelling = true;
      // Nothing trained yet, so nothing to hand back: end the reading at once.
      if (preparing) {
        finish(new TrainerError('cancelled', 'training cancelled while the dataset was being prepared'));
        return;
      }
      channel.post({ type: 'cancel' });
      cancelGrace = clock.setTimeout(() => finish(new TrainerError('cancelled', 'training cancelled (the worker did not stop in time)')), options.cancelGraceMs ?? 5000);
    },
  };
}
