// The desktop app's GPU trainer: a hidden, sandboxed window running renderer/gpu-trainer,
// reached through one MessagePort per job. WebGPU there reaches any vendor's GPU with no
// CUDA install, which tfjs-node-gpu would need (and which may not load in Electron's Node).
import { BrowserWindow, MessageChannelMain } from 'electron';
import type { GpuHost } from '../src/learn/gpu-route.ts';
import type { TrainerChannel } from '../src/learn/trainer.ts';
import type { HostMessage, WorkerMessage } from '../src/learn/train-protocol.ts';

export interface GpuWindowHost extends GpuHost {
  /** Closes the window (at quit: a hidden window would otherwise keep the app alive). */
  dispose(): void;
}

export function gpuWindowHost(opts: { preload: string; url: string }): GpuWindowHost {
  let win: BrowserWindow | null = null;
  let loading: Promise<BrowserWindow> | null = null;
  let disposed = false;
  const ready = (): Promise<BrowserWindow> => {
    if (disposed) return Promise.reject(new Error('the app is quitting'));
    if (win && !win.isDestroyed()) return Promise.resolve(win);
    loading ??= (async () => {
      const w = new BrowserWindow({
        show: false,
        webPreferences: {
          preload: opts.preload, sandbox: true, contextIsolation: true, nodeIntegration: false, webSecurity: true, webviewTag: false,
          // Hidden, but locked down as the main window is: no middle-click navigation either.
          disableBlinkFeatures: 'Auxclick',
          // A hidden window's timers would otherwise be throttled, slowing its epochs.
          backgroundThrottling: false,
        },
      });
      // A renderer that dies is replaced at the next job, never reused.
      w.webContents.on('render-process-gone', () => { if (!w.isDestroyed()) w.destroy(); });
      try {
        await w.loadURL(opts.url);
      } catch (e) {
        w.destroy();
        throw e;
      }
      win = w;
      return w;
    })().finally(() => { loading = null; });
    return loading;
  };
  return {
    async open(): Promise<TrainerChannel> {
      const w = await ready();
      const { port1, port2 } = new MessageChannelMain();
      let onMessage: ((m: WorkerMessage) => void) | null = null;
      let onFailure: ((message: string) => void) | null = null;
      port1.on('message', (e) => onMessage?.(e.data as WorkerMessage));
      port1.start();
      const gone = (_e: unknown, details: { reason: string }): void => onFailure?.(`the GPU trainer's renderer is gone (${details.reason})`);
      const closed = (): void => onFailure?.('the GPU trainer window closed');
      w.webContents.on('render-process-gone', gone);
      w.on('closed', closed);
      w.webContents.postMessage('trainer-port', null, [port2]);
      return {
        name: 'GPU trainer',
        post: (m: HostMessage) => port1.postMessage(m),
        onMessage: (fn) => { onMessage = fn; },
        onFailure: (fn) => { onFailure = fn; },
        close: () => {
          // A job given up on (hung, or a cancel that ran out of grace) must not train on beside the next.
          port1.postMessage({ type: 'cancel' } satisfies HostMessage);
          port1.close();
          if (!w.isDestroyed()) {
            w.webContents.off('render-process-gone', gone);
            w.off('closed', closed);
          }
        },
      };
    },
    dispose() {
      disposed = true;
      if (win && !win.isDestroyed()) win.destroy();
      win = null;
    },
  };
}
