/**
 * One training job once its arrays are at hand: pick the backend, report it, train with
 * progress, report the result or the error. Shared by the Node worker and the GPU page,
 * so both speak the same protocol (train-protocol.ts); nothing here touches Node or the DOM.
 */
import type { BackendChoice } from './backends.ts';
import type { WorkerMessage } from './train-protocol.ts';
import { train, type TrainData, type TrainOptions } from './train.ts';

export interface TrainJobHooks {
  /** Loads the backend to train on (measuring candidates where there is a choice). */
  choose(): Promise<BackendChoice>;
  post(m: WorkerMessage): void;
  shouldStop(): boolean;
  /** Called between batches (a duty cycle's rest); optional. */
  rest?: () => void;
  /** Test hook: send nothing more after the backend choice. */
  stallAfterBackend?: boolean;
}

export async function runTrainJob(data: TrainData, options: TrainOptions, hooks: TrainJobHooks): Promise<void> {
  try {
    const choice = await hooks.choose();
    hooks.post({ type: 'backend', choice });
    if (hooks.stallAfterBackend) await new Promise(() => setInterval(() => {}, 1000));
    const result = await train(data, options, { onProgress: (progress) => hooks.post({ type: 'progress', progress }), shouldStop: hooks.shouldStop, rest: hooks.rest });
    hooks.post({ type: 'done', result });
  } catch (e) {
    hooks.post({ type: 'error', message: e instanceof Error ? e.message : String(e) });
  }
}
