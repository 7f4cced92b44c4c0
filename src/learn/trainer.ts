/**
 * Runs training in a worker thread and turns every way it can end into a settled promise:
 * done, cancelled, crashed (error or exit) or hung (no message for `hangMs`). A failed
 * run rejects with a TrainerError whose message says what happened; it never hangs, so
 * the caller can raise a problem and keep the robot and the app going.
 */
import { Worker } from 'node:worker_threads';
import { systemClock, type Clock } from '../base/clock.ts';
import { Emitter } from '../base/emitter.ts';
import type { TrainingSet } from '../record/aggregate.ts';
import type { BackendChoice, BackendName } from './backends.ts';
import type { HostMessage, WorkerInput, WorkerMessage } from './train-protocol.ts';
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
}

export interface TrainJobResult extends TrainResult {
  backend: BackendChoice;
}

export type TrainerFailure = 'crashed' | 'hung' | 'cancelled' | 'failed';

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

export function toTrainData(set: TrainingSet): TrainData {
  return { obs: set.obs, act: set.act, weight: set.weight, obsFields: set.obsFields, actionFields: set.actionFields, episodes: set.provenance.map((p) => p.episode) };
}

export function startTraining(set: TrainingSet | TrainData, options: TrainerOptions = {}): TrainJob {
  const clock = options.clock ?? systemClock;
  const hangMs = options.hangMs ?? 60_000;
  const data = 'provenance' in set ? toTrainData(set) : set;
  const input: WorkerInput = { data, options: options.train ?? {}, backend: options.backend ?? null, candidates: options.candidates, stallAfterBackend: options.stallAfterBackend };
  const worker = new Worker(options.workerUrl ?? new URL('./train-worker.js', import.meta.url), { workerData: input });
  const progress = new Emitter<TrainProgress>(), backend = new Emitter<BackendChoice>();
  let chosen: BackendChoice | null = null;
  let settled = false;
  let cancelWatchdog = (): void => {};
  let cancelGrace = (): void => {};
  let resolve!: (r: TrainJobResult) => void, reject!: (e: Error) => void;
  const result = new Promise<TrainJobResult>((res, rej) => { resolve = res; reject = rej; });

  const finish = (outcome: TrainJobResult | TrainerError): void => {
    if (settled) return;
    settled = true;
    cancelWatchdog();
    cancelGrace();
    void worker.terminate();
    progress.dispose();
    backend.dispose();
    if (outcome instanceof TrainerError) reject(outcome);
    else resolve(outcome);
  };
  const arm = (): void => {
    cancelWatchdog();
    cancelWatchdog = clock.setTimeout(() => finish(new TrainerError('hung', `training worker hung: no progress for ${Math.round(hangMs / 1000)} s`)), hangMs);
  };
  arm();
  worker.on('message', (m: WorkerMessage) => {
    arm();
    if (m.type === 'backend') { chosen = m.choice; backend.fire(m.choice); }
    else if (m.type === 'progress') progress.fire(m.progress);
    else if (m.type === 'error') finish(new TrainerError('failed', `training failed: ${m.message}`));
    else if (!chosen) finish(new TrainerError('failed', 'training worker finished without choosing a backend'));
    else finish({ ...m.result, backend: chosen });
  });
  worker.on('error', (e) => finish(new TrainerError('crashed', `training worker crashed: ${e.message}`)));
  worker.on('exit', (code) => finish(new TrainerError('crashed', `training worker exited (code ${code}) before finishing`)));
  return {
    progress, backend, result,
    cancel() {
      if (settled) return;
      worker.postMessage({ type: 'cancel' } satisfies HostMessage);
      cancelGrace = clock.setTimeout(() => finish(new TrainerError('cancelled', 'training cancelled (the worker did not stop in time)')), options.cancelGraceMs ?? 5000);
    },
  };
}
