/** Messages between the training host (trainer.ts) and its worker (train-worker.ts). */
import type { BackendChoice, BackendName } from './backends.ts';
import type { DatasetSource, PreparedInfo } from './dataset-source.ts';
import type { TrainData, TrainOptions, TrainProgress, TrainResult } from './train.ts';

/** Arrays made by the caller, or a dataset the worker reads and aggregates itself. */
export type WorkerJob = { kind: 'data'; data: TrainData } | { kind: 'dataset'; source: DatasetSource };

export interface WorkerInput {
  job: WorkerJob;
  /** For a dataset job, `warmStart` is used only if it reads the prepared set's observation fields. */
  options: TrainOptions;
  /** Use this backend without trials; null measures the candidates. */
  backend: BackendName | null;
  candidates?: readonly BackendName[];
  /** Test hook: the worker stalls (sends nothing more) after its backend choice. */
  stallAfterBackend?: boolean;
  /** Share of the time spent computing, (0, 1] (default 1); see duty.ts. */
  duty?: number;
  /**
   * One Int32 the host sets to 1 to cancel. The worker's loop runs whole epochs without
   * turning its event loop, so a message would wait for the epoch's end; this is read
   * between batches.
   */
  stopFlag?: SharedArrayBuffer;
  /**
   * Dataset jobs: prepare, choose a backend as usual (reported, so the host can compare it
   * with another host's), then hand the arrays back in a `data` message instead of
   * training. The GPU window trains them.
   */
  handBack?: boolean;
}

export type WorkerMessage =
  | ({ type: 'prepared' } & PreparedInfo)
  | { type: 'backend'; choice: BackendChoice }
  | { type: 'progress'; progress: TrainProgress }
  | { type: 'done'; result: TrainResult }
  /** handBack jobs: the prepared arrays and the options that fit them (warm start checked). */
  | { type: 'data'; data: TrainData; options: TrainOptions }
  /** `prepare`: the dataset cannot be trained on (unreadable, too few rows); the message says why. */
  | { type: 'error'; message: string; during?: 'prepare' };

/** `start` goes to a page only: a worker gets its input as workerData. */
export type HostMessage = { type: 'cancel' } | { type: 'start'; input: WorkerInput };
