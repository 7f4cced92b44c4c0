import type { Frame } from '../../src/record/frame.ts';
import type { RelabelPass, RelabelSample } from '../../src/relabel/pass.ts';
import type { SidecarFs } from '../../src/relabel/sidecar-fs.ts';

/** A smooth, non-periodic-looking expert signal, so only one shift lines it up. */
export const expertAt = (t: number): number[] => [Math.sin(2 * Math.PI * 0.3 * t) + 0.5 * Math.sin(2 * Math.PI * 0.71 * t), 0, 0, Math.cos(2 * Math.PI * 0.45 * t)];

/** An episode at 50 Hz whose expert action is `expertAt(t)`; frame i carries operator action [i, 0, 0, 0]. */
export function sineFrames(durationS: number, dt = 0.02): Frame[] {
  const n = Math.round(durationS / dt) + 1;
  return Array.from({ length: n }, (_, i): Frame => {
    const t = i * dt;
    return {
      t, stamp: 1_700_000_000 + t, tick: i, source: 'tick', obs: [i], operator_action: [i, 0, 0, 0], policy_action: null,
      expert_action: expertAt(t), doubt: null, driver: 'policy', policy_version: null, events: [], enable: false,
      estop: false, armed: true, published: null, rtt_ms: null,
    };
  });
}

/** A pass over [from, to] at `speed` with one enabled sample every `stepS` of episode time, all holding `action`. */
export function flatPass(id: string, episodeId: string, from: number, to: number, action: number[], extra: Partial<RelabelPass> = {}): RelabelPass {
  const stepS = 0.05;
  const samples: RelabelSample[] = [];
  for (let k = 0; from + k * stepS <= to + 1e-9; k++) samples.push({ wallMs: k * stepS * 1000, replayT: from + k * stepS, action: [...action], enable: true });
  return {
    id, episodeId, operator: 'ana', from, to, speed: 1, latencyMs: 0, createdAt: '2026-01-01T00:00:00.000Z', status: 'accepted', samples, ...extra,
  };
}

export const errno = (code: string): Error => Object.assign(new Error(`${code}: simulated`), { code });

/**
 * A sidecar file system in memory, with faults: a full disk writes half of what it was
 * given and then fails (as a real filling disk does).
 */
export class MemorySidecarFs implements SidecarFs {
  readonly files = new Map<string, string>();
  full = false;
  appends = 0;
  syncs = 0;

  async append(path: string, text: string): Promise<void> {
    this.appends++;
    const before = this.files.get(path) ?? '';
    if (this.full) {
      this.files.set(path, before + text.slice(0, text.length >> 1));
      throw errno('ENOSPC');
    }
    this.files.set(path, before + text);
  }

  async sync(path: string): Promise<void> {
    if (!this.files.has(path)) throw errno('ENOENT');
    this.syncs++;
  }

  async readText(path: string): Promise<string | null> {
    return this.files.get(path) ?? null;
  }
}

/** Lets pending promise callbacks (background writes) run. */
export async function settle(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await Promise.resolve();
}
