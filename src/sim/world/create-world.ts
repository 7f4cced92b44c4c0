import { ForestWorld } from './forest-world.ts';
import { LaneWorld } from './lane-world.ts';
import type { World, WorldName } from './types.ts';

export function createWorld(name: WorldName, seed: number): World {
  switch (name) {
    case 'lane': return new LaneWorld(seed);
    case 'forest': return new ForestWorld(seed);
    default: throw new Error(`createWorld: unknown world ${JSON.stringify(name)}`);
  }
}
