import type { ApiMethod, ApiParams, ApiResult, AppEvent } from '../../src/app/contract.ts';
import { Emitter } from '../../src/base/emitter.ts';
import { parseAppEvent } from './envelope.ts';
import type { HostConnection, RendererBridge } from './types.ts';

/** What Electron's preload exposes as `window.intervene`. */
export interface PreloadApi {
  call(method: string, params: unknown): Promise<unknown>;
  onEvent(listener: (event: unknown) => void): () => void;
}

export function isPreloadApi(v: unknown): v is PreloadApi {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return typeof o.call === 'function' && typeof o.onEvent === 'function';
}

const ALWAYS_UP: HostConnection = { up: true, attempt: 0, retryAt: null, lastError: null };

/** Electron IPC lives as long as the window, so the connection is always up. */
export class IpcBridge implements RendererBridge {
  private readonly events = new Emitter<AppEvent>();
  private readonly unsubscribe: () => void;

  constructor(private readonly api: PreloadApi) {
    this.unsubscribe = api.onEvent((raw) => {
      const event = parseAppEvent(raw);
      if (typeof event === 'string') {
        console.warn(`intervene: ignored an event from the app: ${event}`);
        return;
      }
      try {
        this.events.fire(event);
      } catch (err) {
        console.error('intervene: an event listener failed', err);
      }
    });
  }

  call<M extends ApiMethod>(method: M, params: ApiParams<M>): Promise<ApiResult<M>> {
    return this.api.call(method, params) as Promise<ApiResult<M>>;
  }

  onEvent(listener: (event: AppEvent) => void): () => void {
    return this.events.on(listener);
  }

  connection(): HostConnection {
    return ALWAYS_UP;
  }

  onConnection(): () => void {
    return () => {};
  }

  retryNow(): void {}

  dispose(): void {
    this.unsubscribe();
    this.events.dispose();
  }
}
