import type { LaserScan, MarkerArray, Odometry, Twist } from '../../ros/messages.ts';
import { createRng, type Rng } from './prng.ts';
import type { BodyState } from './ros-shapes.ts';
import type { World, WorldName, WorldStatus } from './types.ts';

/** Physics step, seconds of sim time. Small enough that 2 m/s moves 1 cm per step. */
export const PHYSICS_DT = 0.005;

/** The command a world actually applies: finite numbers only, body frame. */
export interface Command { vx: number; vy: number; vz: number; wz: number }

/**
 * What every world shares: sim time, fixed-size sub-steps, and counting collisions and
 * departures once per episode of contact (on the rising edge, not per step).
 */
export abstract class BaseWorld implements World {
  private ticks = 0;
  private extra = 0;
  private collisions = 0;
  private departures = 0;
  private inCollision = false;
  private offRoad = false;
  private travelled = 0;
  private currentSeed: number;

  protected constructor(readonly name: WorldName, seed: number) {
    this.currentSeed = checkSeed(seed);
  }

  get seed(): number {
    return this.currentSeed;
  }

  reset(seed: number = this.currentSeed): void {
    this.currentSeed = checkSeed(seed);
    this.ticks = 0;
    this.extra = 0;
    this.collisions = 0;
    this.departures = 0;
    this.travelled = 0;
    this.build(createRng(this.currentSeed));
    this.inCollision = this.contact();
    this.offRoad = this.offRoute();
  }

  step(dtS: number, cmd: Twist): void {
    if (!Number.isFinite(dtS) || dtS < 0) throw new Error(`World.step: dtS must be a finite number >= 0, got ${dtS}`);
    if (dtS === 0) return;
    const c = sanitize(cmd);
    const whole = Math.round(dtS / PHYSICS_DT);
    const exact = whole >= 1 && Math.abs(whole * PHYSICS_DT - dtS) < 1e-9;
    const n = exact ? whole : Math.ceil(dtS / PHYSICS_DT);
    const h = exact ? PHYSICS_DT : dtS / n;
    for (let i = 0; i < n; i++) {
      const before = this.body();
      this.advance(h, c);
      const after = this.body();
      this.travelled += Math.hypot(after.x - before.x, after.y - before.y, after.z - before.z);
      if (exact) this.ticks++;
      else this.extra += h;
      this.updateFlags();
    }
  }

  time(): number {
    return this.ticks * PHYSICS_DT + this.extra;
  }

  status(): WorldStatus {
    return {
      collisions: this.collisions,
      departures: this.departures,
      inCollision: this.inCollision,
      offRoad: this.offRoad,
      distance: this.travelled,
      progress: this.progress(),
    };
  }

  abstract odometry(): Odometry;
  abstract scan(): LaserScan;
  abstract markers(): MarkerArray;
  abstract routeFeatures(): number[];

  /** Lays out the world from a fresh generator and puts the robot at its start. */
  protected abstract build(rng: Rng): void;
  /** One physics sub-step; blocked motion is the world's own business. */
  protected abstract advance(h: number, cmd: Command): void;
  protected abstract body(): BodyState;
  protected abstract contact(): boolean;
  protected abstract offRoute(): boolean;
  protected abstract progress(): number;

  private updateFlags(): void {
    const contact = this.contact(), off = this.offRoute();
    if (contact && !this.inCollision) this.collisions++;
    if (off && !this.offRoad) this.departures++;
    this.inCollision = contact;
    this.offRoad = off;
  }
}

function checkSeed(seed: number): number {
  if (!Number.isSafeInteger(seed)) throw new Error(`World seed must be a safe integer, got ${seed}`);
  return seed;
}

const finite = (v: number | undefined): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

function sanitize(cmd: Twist): Command {
  return { vx: finite(cmd?.linear?.x), vy: finite(cmd?.linear?.y), vz: finite(cmd?.linear?.z), wz: finite(cmd?.angular?.z) };
}

export function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}

/** Moves `v` toward `target` by at most `maxDelta`. */
export function approach(v: number, target: number, maxDelta: number): number {
  return v + clamp(target - v, -maxDelta, maxDelta);
}
