/**
 * The embedded simulator: a rosbridge v2 server (so the same client code drives it and
 * real robots) wrapped around a world stepped on a fixed dt. `createWorld` is the same
 * world without IO, for headless experiments faster than real time.
 */
import { WORLDS, type WorldName } from '../app/contract.ts';
import { systemClock, type Clock } from '../base/clock.ts';
import { Broker } from './bridge/broker.ts';
import { ServiceRegistry } from './bridge/services.ts';
import { listenRosbridge, type BridgeStats } from './bridge/ws-server.ts';
import { startLoop } from './loop.ts';
import { registerSimServices } from './sim-services.ts';
import { SimNode } from './sim-node.ts';
import { PHYSICS_DT } from './world/base-world.ts';

export { createWorld } from './world/create-world.ts';
export { LaneWorld, LANE } from './world/lane-world.ts';
export { ForestWorld, FOREST_FLIGHT } from './world/forest-world.ts';
export type { World, WorldStatus } from './world/types.ts';
export { PHYSICS_DT } from './world/base-world.ts';
export { CMD_TIMEOUT_S, SIM_TOPICS } from './sim-node.ts';
export type { BridgeStats } from './bridge/ws-server.ts';
export type { WorldName };

export interface SimOptions {
  world: WorldName;
  seed: number;
  /** Sim seconds per wall second (default 1). */
  speed?: number;
  /** TCP port; 0 picks a free one (default 9090, as rosbridge_server). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  clock?: Clock;
  log?: (line: string) => void;
}

export interface SimHandle {
  url: string;
  port: number;
  world(): WorldName;
  seed(): number;
  /** Sim seconds since the last reset. */
  simTime(): number;
  paused(): boolean;
  /** The same as the /sim/reset, /sim/set_world and /sim/pause services, for in-process hosts. */
  reset(seed?: number): void;
  setWorld(world: WorldName, seed?: number): void;
  setPaused(paused: boolean): void;
  stats(): BridgeStats;
  dispose(): Promise<void>;
}

export async function startSimulator(opts: SimOptions): Promise<SimHandle> {
  if (!(WORLDS as readonly string[]).includes(opts.world)) throw new Error(`startSimulator: unknown world ${JSON.stringify(opts.world)}`);
  if (!Number.isSafeInteger(opts.seed)) throw new Error(`startSimulator: seed must be an integer, got ${opts.seed}`);
  const speed = opts.speed ?? 1;
  if (!(speed > 0) || !Number.isFinite(speed)) throw new Error(`startSimulator: speed must be a positive number, got ${speed}`);
  const port = opts.port ?? 9090;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`startSimulator: port must be an integer in 0..65535, got ${port}`);
  const clock = opts.clock ?? systemClock;
  const log = opts.log ?? (() => {});

  const broker = new Broker(clock, (topic, e) => log(`sim: subscriber of ${topic} failed: ${(e as Error).message}`));
  const services = new ServiceRegistry();
  const node = new SimNode(broker, opts.world, opts.seed, speed, log);
  const unregister = registerSimServices(services, node, broker);
  let server;
  try {
    server = await listenRosbridge({ host: opts.host ?? '127.0.0.1', port, clock, broker, services, log });
  } catch (e) {
    unregister();
    node.dispose();
    broker.dispose();
    throw e;
  }
  const stopLoop = startLoop({ clock, speed, dtS: PHYSICS_DT }, {
    paused: () => node.isPaused(),
    step: () => node.step(),
    tick: (now) => node.tick(now),
  });
  let disposed: Promise<void> | null = null;
  return {
    url: server.url,
    port: server.port,
    world: () => node.current.name,
    seed: () => node.current.seed,
    simTime: () => node.current.time(),
    paused: () => node.isPaused(),
    reset: (seed) => node.reset(seed),
    setWorld: (world, seed) => {
      if (!(WORLDS as readonly string[]).includes(world)) throw new Error(`setWorld: unknown world ${JSON.stringify(world)}`);
      node.setWorld(world, seed);
    },
    setPaused: (paused) => node.setPaused(paused),
    stats: () => server.stats(),
    dispose() {
      disposed ??= (async () => {
        stopLoop();
        await server.close();
        unregister();
        node.dispose();
        broker.dispose();
      })();
      return disposed;
    },
  };
}
