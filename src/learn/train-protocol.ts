/** Messages between the training host (trainer.ts) and its worker (train-worker.ts). */
import type { BackendChoice, BackendName } from './backends.ts';
import type { TrainData, TrainOptions, TrainProgress, TrainResult } from './train.ts';

export interface WorkerInput {
  data: TrainData;
  options: TrainOptions;
  /** Use this backend without trials; null measures the candidates. */
  backend: BackendName | null;
  candidates?: readonly BackendName[];
  /** Test hook: the worker stalls (sends nothing more) after its backend choice. */
  stallAfterBackend?: boolean;
}

export type WorkerMessage =
  | { type: 'backend'; choice: BackendChoice }
  | { type: 'progress'; progress: TrainProgress }
  | { type: 'done'; result: TrainResult }
  | { type: 'error'; message: string };

export type HostMessage = { type: 'cancel' };
