/**
 * Worker entry: picks a backend, trains, and reports over the port. Bundled on its own
 * (dist/train-worker.js); TF.js lives in this thread only, so the control loop in the
 * main thread never waits on a kernel.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { chooseBackend } from './backends.ts';
import type { HostMessage, WorkerInput, WorkerMessage } from './train-protocol.ts';
import { train } from './train.ts';
import { trialRate } from './trial.ts';

const port = parentPort;
if (!port) throw new Error('train-worker: must run in a worker thread');
const input = workerData as WorkerInput;
const post = (m: WorkerMessage): void => port.postMessage(m);
let stop = false;
port.on('message', (m: HostMessage) => { if (m.type === 'cancel') stop = true; });

try {
  const choice = await chooseBackend({ pin: input.backend, candidates: input.candidates, trial: () => trialRate(input.data, input.options) });
  post({ type: 'backend', choice });
  if (input.stallAfterBackend) await new Promise(() => setInterval(() => {}, 1000));
  const result = await train(input.data, input.options, { onProgress: (progress) => post({ type: 'progress', progress }), shouldStop: () => stop });
  post({ type: 'done', result });
} catch (e) {
  post({ type: 'error', message: e instanceof Error ? e.message : String(e) });
}
port.close();
