import type { HostBridge } from '../../src/app/contract.ts';

/** Whether the renderer can reach the app core at all (the console's WebSocket; IPC is always up). */
export interface HostConnection {
  up: boolean;
  /** Consecutive failed tries since the last success. */
  attempt: number;
  /** performance.now() of the next try, while down. */
  retryAt: number | null;
  lastError: string | null;
}

export interface RendererBridge extends HostBridge {
  connection(): HostConnection;
  onConnection(listener: (c: HostConnection) => void): () => void;
  /** Skips the back-off wait (the banner's "retry now"). */
  retryNow(): void;
  dispose(): void;
}

export class BridgeDownError extends Error {
  constructor(readonly method: string) {
    super('console disconnected');
    this.name = 'BridgeDownError';
  }
}
