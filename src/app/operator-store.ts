import type { OperatorInfo } from './contract-replay.ts';
import type { TextStore } from './text-store.ts';

const FILE = 'operators.json';
const NAME = /^[\p{L}\p{N} ._@-]{1,64}$/u;

export function validOperatorName(name: unknown): string | null {
  if (typeof name !== 'string') return null;
  const trimmed = name.trim();
  return NAME.test(trimmed) ? trimmed : null;
}

/**
 * Who is at the controls, and each operator's measured reaction time: relabels are
 * shifted by it, so it belongs to the person, not to the session. One JSON file; a
 * corrupt one is set aside and the operators start unmeasured.
 */
export class OperatorStore {
  private operators = new Map<string, OperatorInfo>();
  current: string;

  constructor(private readonly store: TextStore, defaultOperator: string) {
    this.current = validOperatorName(defaultOperator) ?? 'operator';
  }

  async load(): Promise<string | null> {
    const text = await this.store.read(FILE);
    if (text === null) return null;
    try {
      const raw = JSON.parse(text) as { current?: unknown; operators?: unknown };
      for (const o of Array.isArray(raw.operators) ? raw.operators : []) {
        const info = parseOperator(o);
        if (info) this.operators.set(info.name, info);
      }
      this.current = validOperatorName(raw.current) ?? this.current;
      return null;
    } catch (err) {
      await this.store.write(`${FILE}.corrupt`, text);
      return `${FILE} is not JSON (${(err as Error).message}); kept as ${FILE}.corrupt`;
    }
  }

  list(): OperatorInfo[] {
    const names = new Set([...this.operators.keys(), this.current]);
    return [...names].sort().map((n) => this.get(n));
  }

  get(name: string): OperatorInfo {
    const o = this.operators.get(name);
    return o ? { ...o } : { name, reactionMs: null, reactionSdMs: null, trials: 0, measuredAt: null };
  }

  async select(name: string): Promise<OperatorInfo> {
    const valid = validOperatorName(name);
    if (!valid) throw new Error('An operator name is 1 to 64 letters, digits, spaces or ._@-');
    this.current = valid;
    await this.save();
    return this.get(valid);
  }

  async setReaction(name: string, r: { meanMs: number; sdMs: number; trials: number; at: string }): Promise<OperatorInfo> {
    this.operators.set(name, { name, reactionMs: r.meanMs, reactionSdMs: r.sdMs, trials: r.trials, measuredAt: r.at });
    await this.save();
    return this.get(name);
  }

  private save(): Promise<void> {
    return this.store.write(FILE, JSON.stringify({ current: this.current, operators: [...this.operators.values()] }, null, 2));
  }
}

function parseOperator(raw: unknown): OperatorInfo | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const o = raw as Record<string, unknown>;
  const name = validOperatorName(o.name);
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : null);
  if (!name) return null;
  return {
    name, reactionMs: num(o.reactionMs), reactionSdMs: num(o.reactionSdMs),
    trials: num(o.trials) ?? 0, measuredAt: typeof o.measuredAt === 'string' ? o.measuredAt : null,
  };
}
