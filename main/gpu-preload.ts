// The GPU window's sandboxed preload: passes each job's MessagePort to the page, nothing else.
import { ipcRenderer } from 'electron';

// This project's main/ is typed without the DOM: the little of `window` used here.
const page = globalThis as unknown as { postMessage(message: string, targetOrigin: string, transfer: readonly unknown[]): void };

ipcRenderer.on('trainer-port', (event) => {
  page.postMessage('intervene-trainer-port', '*', event.ports);
});
