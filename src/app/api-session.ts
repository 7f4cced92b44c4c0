import type { ApiMethod, AppEvent, ServerMessage } from './contract.ts';
import { parseClientMessage } from './contract.ts';

/** Which UI connection a call came from, so what it owns (its input sources) goes with it. */
export interface CallContext {
  connection: string;
}

/** What a host needs of the app core: answer calls, stream events. */
export interface ApiService {
  handle(method: ApiMethod, params: unknown, context?: CallContext): Promise<unknown>;
  onEvent(listener: (event: AppEvent) => void): () => void;
  /** The UI connection closed: release what it owned. */
  release?(connection: string): void;
}

let connections = 0;

export interface ApiSession {
  /** Feed one raw message from the UI (already JSON-decoded, still unchecked). */
  receive(raw: unknown): void;
  dispose(): void;
}

/**
 * One UI connection, whatever carries it (Electron IPC, a console WebSocket). Bad messages
 * are answered with an error result when they carry an id, and otherwise reported once.
 */
export function openApiSession(
  service: ApiService,
  send: (message: ServerMessage) => void,
  onBadMessage: (reason: string) => void = () => {},
): ApiSession {
  let open = true;
  const context: CallContext = { connection: `ui${++connections}` };
  const unsubscribe = service.onEvent((event) => {
    if (open) send({ kind: 'event', event });
  });
  return {
    receive(raw) {
      const call = parseClientMessage(raw);
      if (typeof call === 'string') {
        const id = typeof raw === 'object' && raw !== null ? (raw as { id?: unknown }).id : undefined;
        if (typeof id === 'number') send({ kind: 'result', id, ok: false, error: call });
        else onBadMessage(call);
        return;
      }
      service.handle(call.method, call.params, context).then(
        (value) => open && send({ kind: 'result', id: call.id, ok: true, value: value ?? null }),
        (err: unknown) => open && send({ kind: 'result', id: call.id, ok: false, error: err instanceof Error ? err.message : String(err) }),
      );
    },
    dispose() {
      if (!open) return;
      open = false;
      unsubscribe();
      service.release?.(context.connection);
    },
  };
}
