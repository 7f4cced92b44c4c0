// The sandboxed preload: exposes exactly two functions, never ipcRenderer itself.
import { contextBridge, ipcRenderer } from 'electron';

type Listener = (event: unknown) => void;
const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
const listeners = new Set<Listener>();
let nextId = 1;

ipcRenderer.on('api', (_event, raw: unknown) => {
  if (typeof raw !== 'object' || raw === null) return;
  const msg = raw as { kind?: string; id?: number; ok?: boolean; value?: unknown; error?: string; event?: unknown };
  if (msg.kind === 'event') {
    for (const l of listeners) l(msg.event);
  } else if (msg.kind === 'result' && typeof msg.id === 'number') {
    const p = pending.get(msg.id);
    pending.delete(msg.id);
    if (msg.ok) p?.resolve(msg.value);
    else p?.reject(new Error(String(msg.error)));
  }
});

contextBridge.exposeInMainWorld('intervene', {
  call(method: string, params: unknown): Promise<unknown> {
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      ipcRenderer.send('api', { kind: 'call', id, method, params });
    });
  },
  onEvent(listener: Listener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
});
