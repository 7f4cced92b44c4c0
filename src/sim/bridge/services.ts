import { isObject } from '../../ros/messages.ts';
import { describe } from './names.ts';

export type ServiceResult = { ok: true; values: Record<string, unknown> } | { ok: false; error: string };
export type ServiceHandler = (args: Record<string, unknown>) => ServiceResult;

/** Services the simulator provides in-process, answered as rosbridge answers call_service. */
export class ServiceRegistry {
  private readonly handlers = new Map<string, { type: string; handler: ServiceHandler }>();

  register(name: string, type: string, handler: ServiceHandler): () => void {
    if (this.handlers.has(name)) throw new Error(`ServiceRegistry: ${name} is already registered`);
    this.handlers.set(name, { type, handler });
    return () => this.handlers.delete(name);
  }

  call(name: string, args: unknown): ServiceResult {
    const entry = this.handlers.get(name);
    if (!entry) return { ok: false, error: `Service ${name} does not exist` };
    // rosbridge allows positional args (a list); these services all take named fields.
    const named = args === undefined || args === null ? {} : args;
    if (!isObject(named)) return { ok: false, error: `${name}: args must be a JSON object, got ${describe(args)}` };
    try {
      return entry.handler(named);
    } catch (e) {
      return { ok: false, error: `${name} failed: ${e instanceof Error ? e.message : String(e)}` };
    }
  }

  list(): Array<{ service: string; type: string }> {
    return [...this.handlers].map(([service, e]) => ({ service, type: e.type })).sort((a, b) => a.service.localeCompare(b.service));
  }
}
