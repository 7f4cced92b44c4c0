import { apiUrl } from './api-url.ts';
import { IpcBridge, isPreloadApi } from './ipc-bridge.ts';
import type { RendererBridge } from './types.ts';
import { WsBridge } from './ws-bridge.ts';

/** Electron's preload when present, otherwise the console host's WebSocket API. */
export function createBridge(win: Window): RendererBridge {
  const preload = (win as Window & { intervene?: unknown }).intervene;
  if (isPreloadApi(preload)) return new IpcBridge(preload);
  return new WsBridge({ url: apiUrl(win.location) });
}
