/**
 * The GPU trainer page: the desktop app loads it in a hidden, sandboxed window and hands
 * it one MessagePort per job (window message 'intervene-trainer-port'). It speaks the
 * training worker's protocol, so the host treats it like the worker (trainer.ts).
 */
import { runTrainJob } from '../../src/learn/train-job.ts';
import type { HostMessage, WorkerMessage } from '../../src/learn/train-protocol.ts';
import { trialRate } from '../../src/learn/trial.ts';
import { chooseWebGpu } from './webgpu.ts';

export const PORT_MESSAGE = 'intervene-trainer-port';

const status = document.getElementById('status');
const say = (text: string): void => { if (status) status.textContent = text; };

/** One job per port; a cancel arrives between epochs (the page's loop turns only there). */
function serve(port: MessagePort): void {
  let stop = false, started = false;
  const post = (m: WorkerMessage): void => port.postMessage(m);
  port.onmessage = (e: MessageEvent<HostMessage>) => {
    const m = e.data;
    if (m.type === 'cancel') { stop = true; return; }
    if (m.type !== 'start' || started) return;
    started = true;
    if (m.input.job.kind !== 'data') {
      post({ type: 'error', message: 'the GPU trainer takes arrays; the dataset is read by the host' });
      return;
    }
    const { data } = m.input.job;
    const options = m.input.options;
    say(`training on ${data.weight.length} rows`);
    void runTrainJob(data, options, {
      choose: () => chooseWebGpu(m.input.backend === 'webgpu' ? null : () => trialRate(data, options)),
      post: (out) => {
        if (out.type === 'progress') say(`epoch ${out.progress.epoch}/${out.progress.epochs}, loss ${out.progress.trainLoss.toFixed(4)}`);
        else if (out.type === 'done' || out.type === 'error') say(out.type === 'done' ? 'done' : `failed: ${out.message}`);
        post(out);
      },
      shouldStop: () => stop,
    });
  };
}

window.addEventListener('message', (e) => {
  const port = e.ports[0];
  if (e.data === PORT_MESSAGE && port && e.source === window) serve(port);
});
say('ready');
