/**
 * What the experiment needs of a policy: an action and a doubt for one observation.
 * The learning core's ensemble satisfies it as is; the expert wrapped here lets the
 * plumbing be checked against a driver known to be safe.
 */
import { expertActionArray } from '../sim/expert/index.ts';
import type { World } from '../sim/index.ts';

export interface PolicyOutput {
  /** ACTION_FIELDS order: linear x, y, z, angular z. */
  action: number[];
  /** Spread of the ensemble; 0 for a single deterministic policy. */
  doubt: number;
}

export interface Policy {
  readonly version: string;
  act(obs: Float32Array | number[]): PolicyOutput;
  /**
   * Called once at the start of every episode with the world it will drive. Learned
   * policies see only observations and need not implement it; stateful ones reset here.
   */
  begin?(world: World): void;
}

/** The privileged expert as a policy: it ignores the observation and reads the world. */
export function expertPolicy(version = 'expert'): Policy {
  let world: World | null = null;
  return {
    version,
    begin(w) {
      world = w;
    },
    act() {
      if (!world) throw new Error('expertPolicy: act() before begin(world)');
      return { action: expertActionArray(world), doubt: 0 };
    },
  };
}
