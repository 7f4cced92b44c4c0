import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { SimInstance, StartSim } from '../src/app/core.ts';
import { startSimulator } from '../src/sim/index.ts';

/**
 * Starts the built-in simulator in a worker thread (the bundled dist/sim-worker.js), or in
 * this thread when no bundle is there (running from sources).
 */
export function simStarter(workerFile: string, log: (line: string) => void = () => {}): StartSim {
  return async ({ world, seed, speed }) => {
    if (!existsSync(workerFile)) return startSimulator({ world, seed, speed, port: 0, log });
    const worker = new Worker(workerFile, { workerData: { world, seed, speed, port: 0 } });
    const url = await new Promise<string>((resolve, reject) => {
      worker.on('message', (msg: { kind: string; url?: string; line?: string; message?: string }) => {
        if (msg.kind === 'ready' && msg.url) resolve(msg.url);
        else if (msg.kind === 'log' && msg.line) log(msg.line);
        else if (msg.kind === 'error') reject(new Error(`simulator failed to start: ${msg.message}`));
      });
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`simulator thread exited (${code}) before it was ready`)));
    });
    const instance: SimInstance = {
      url,
      async dispose() {
        const stopped = new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, 2000);
          worker.on('message', (msg: { kind: string }) => {
            if (msg.kind === 'stopped') {
              clearTimeout(timer);
              resolve();
            }
          });
        });
        worker.postMessage('stop');
        await stopped;
        await worker.terminate();
      },
    };
    return instance;
  };
}
