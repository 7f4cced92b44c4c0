import { Emitter } from './emitter.ts';

export type Severity = 'info' | 'warning' | 'error';

/**
 * Problems of long-lived things (link, gamepad, supervisor) are data, shown in the UI.
 * `key` identifies the problem so it can be raised repeatedly and cleared once.
 */
export interface Problem {
  key: string;
  severity: Severity;
  message: string;
  /** What the user can do about it. */
  hint?: string;
  /** Clock ms when first raised. */
  since: number;
}

export type ProblemInput = Omit<Problem, 'since'>;

export class ProblemSet {
  private readonly byKey = new Map<string, Problem>();
  private readonly changed = new Emitter<readonly Problem[]>();

  constructor(private readonly now: () => number) {}

  raise(p: ProblemInput): void {
    const old = this.byKey.get(p.key);
    if (old && old.message === p.message && old.severity === p.severity && old.hint === p.hint) return;
    this.byKey.set(p.key, { ...p, since: old?.since ?? this.now() });
    this.changed.fire(this.list());
  }

  clear(key: string): void {
    if (this.byKey.delete(key)) this.changed.fire(this.list());
  }

  clearPrefix(prefix: string): void {
    let any = false;
    for (const key of [...this.byKey.keys()]) {
      if (key.startsWith(prefix)) any = this.byKey.delete(key) || any;
    }
    if (any) this.changed.fire(this.list());
  }

  has(key: string): boolean {
    return this.byKey.has(key);
  }

  list(): Problem[] {
    const rank: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
    return [...this.byKey.values()].sort((a, b) => rank[a.severity] - rank[b.severity] || a.since - b.since);
  }

  onChange(listener: (problems: readonly Problem[]) => void): () => void {
    return this.changed.on(listener);
  }

  dispose(): void {
    this.changed.dispose();
  }
}
