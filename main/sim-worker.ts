// Runs the simulator on its own thread, so physics and ray casting never delay the control loop.
import { parentPort, workerData } from 'node:worker_threads';
import { startSimulator, type SimOptions } from '../src/sim/index.ts';

const opts = workerData as Pick<SimOptions, 'world' | 'seed' | 'speed' | 'host' | 'port'>;
const port = parentPort;
if (!port) throw new Error('sim-worker must run as a worker thread');

startSimulator({ ...opts, log: (line) => port.postMessage({ kind: 'log', line }) }).then(
  (sim) => {
    port.postMessage({ kind: 'ready', url: sim.url });
    port.on('message', (msg: unknown) => {
      if (msg === 'stop') void sim.dispose().then(() => port.postMessage({ kind: 'stopped' }));
    });
  },
  (err: unknown) => port.postMessage({ kind: 'error', message: err instanceof Error ? err.message : String(err) }),
);
