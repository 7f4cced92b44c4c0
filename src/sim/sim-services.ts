import { WORLDS, type WorldName } from '../app/contract.ts';
import type { Broker } from './bridge/broker.ts';
import { describe } from './bridge/names.ts';
import type { ServiceRegistry, ServiceResult } from './bridge/services.ts';
import type { SimNode } from './sim-node.ts';
import { stampOf } from './world/ros-shapes.ts';

/**
 * The simulator's services, plus the two rosapi services clients lean on (stock
 * rosbridge launches rosapi beside it). Returns the unregister function.
 */
export function registerSimServices(services: ServiceRegistry, node: SimNode, broker: Broker): () => void {
  const offs = [
    services.register('/sim/reset', 'std_srvs/Trigger', (args) => {
      const seed = optionalSeed(args.seed);
      if (typeof seed === 'object') return seed;
      node.reset(seed);
      return done(`${node.current.name} world reset with seed ${node.current.seed}`);
    }),
    services.register('/sim/set_world', 'intervene_msgs/SetWorld', (args) => {
      if (typeof args.world !== 'string' || !(WORLDS as readonly string[]).includes(args.world)) {
        return fail(`world must be one of ${WORLDS.join(', ')}, got ${describe(args.world)}`);
      }
      const seed = optionalSeed(args.seed);
      if (typeof seed === 'object') return seed;
      node.setWorld(args.world as WorldName, seed);
      return done(`${node.current.name} world loaded with seed ${node.current.seed}`);
    }),
    services.register('/sim/pause', 'std_srvs/SetBool', (args) => {
      if (typeof args.data !== 'boolean') return fail(`data must be a boolean, got ${describe(args.data)}`);
      node.setPaused(args.data);
      return done(args.data ? 'paused' : 'running');
    }),
    services.register('/rosapi/get_time', 'rosapi/GetTime', () => ({ ok: true, values: { time: stampOf(node.current.time()) } })),
    services.register('/rosapi/topics', 'rosapi/Topics', () => {
      const all = broker.list();
      return { ok: true, values: { topics: all.map((t) => t.topic), types: all.map((t) => t.type) } };
    }),
    services.register('/rosapi/services', 'rosapi/Services', () => ({ ok: true, values: { services: services.list().map((s) => s.service) } })),
  ];
  return () => offs.forEach((off) => off());
}

function optionalSeed(v: unknown): number | undefined | ServiceResult {
  if (v === undefined || v === null) return undefined;
  return typeof v === 'number' && Number.isSafeInteger(v) ? v : fail(`seed must be an integer, got ${describe(v)}`);
}

const done = (message: string): ServiceResult => ({ ok: true, values: { success: true, message } });
const fail = (error: string): ServiceResult => ({ ok: false, error });
