/**
 * Worker entry: prepares the data (for a dataset job), picks a backend, trains, and
 * reports over the port. Bundled on its own (dist/train-worker.js); reading the dataset
 * and TF.js live in this thread only, so the control loop in the main thread never
 * waits on a file, a parse or a kernel.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { chooseBackend } from './backends.ts';
import { dutyCycle } from './duty.ts';
import { fittingWarmStart, prepareDataset, preparedInfo, toTrainData } from './dataset-source.ts';
import type { HostMessage, WorkerInput, WorkerMessage } from './train-protocol.ts';
import { runTrainJob } from './train-job.ts';
import type { TrainData, TrainOptions } from './train.ts';
import { trialRate } from './trial.ts';

const port = parentPort;
if (!port) throw new Error('train-worker: must run in a worker thread');
const input = workerData as WorkerInput;
const post = (m: WorkerMessage): void => port.postMessage(m);
let stop = false;
port.on('message', (m: HostMessage) => { if (m.type === 'cancel') stop = true; });
const flag = input.stopFlag ? new Int32Array(input.stopFlag) : null;
const stopped = (): boolean => stop || (flag !== null && Atomics.load(flag, 0) === 1);

/** The arrays to train on, or null when the dataset cannot be used (already reported). */
async function ready(): Promise<{ data: TrainData; options: TrainOptions } | null> {
  if (input.job.kind === 'data') return { data: input.job.data, options: input.options };
  const prep = await prepareDataset(input.job.source);
  if (!prep.ok) {
    post({ type: 'error', message: prep.message, during: 'prepare' });
    return null;
  }
  const warmStart = fittingWarmStart(input.options.warmStart, prep.set.obsFields);
  post({ type: 'prepared', ...preparedInfo(prep.set, prep.preset, warmStart !== null, prep.alignedMs) });
  return { data: toTrainData(prep.set), options: { ...input.options, warmStart } };
}

try {
  const job = await ready();
  if (job) {
    const { data, options } = job;
    const choose = () => chooseBackend({ pin: input.backend, candidates: input.candidates, trial: () => trialRate(data, options) });
    if (input.handBack) {
      post({ type: 'backend', choice: await choose() });
      post({ type: 'data', data, options });
    } else await runTrainJob(data, options, {
      choose, post, shouldStop: stopped, rest: dutyCycle(input.duty ?? 1), stallAfterBackend: input.stallAfterBackend,
    });
  }
} catch (e) {
  post({ type: 'error', message: e instanceof Error ? e.message : String(e) });
}
port.close();
