import { UsageError, commandArgs, numberOpt, stringOpt } from '../args.ts';
import { WORLDS, type WorldName } from '../../src/app/contract.ts';
import { startSimulator } from '../../src/sim/index.ts';
import { untilSignal } from '../signals.ts';

const HELP = `intervene sim [options]

Runs the built-in simulator alone: a rosbridge v2 server that any rosbridge client
(roslib, Foxglove's Rosbridge connection, the Intervene app) can drive.

Options:
  --world lane|forest   world to load (default lane)
  --port N              TCP port (default 9090, as rosbridge_server)
  --host ADDR           address to listen on (default 127.0.0.1)
  --seed N              world seed; the same seed builds the same world (default 1)
  --speed X             sim seconds per wall second, e.g. 4 for four times real time (default 1)

Topics: /cmd_vel (geometry_msgs/Twist, in), /odom, /scan, /world/markers, /clock, /sim/status.
Services: /sim/reset, /sim/set_world, /sim/pause, /rosapi/get_time.`;

export const simCommand = {
  name: 'sim',
  summary: 'run the built-in simulator as a rosbridge server',
  async run(argv: string[]): Promise<number> {
    const args = commandArgs(argv, HELP, new Set(['help']), ['world', 'port', 'host', 'seed', 'speed']);
    if (!args) return 0;
    const world = stringOpt(args, 'world', 'lane');
    if (!(WORLDS as readonly string[]).includes(world)) throw new UsageError(`--world must be one of ${WORLDS.join(', ')}`);
    const port = numberOpt(args, 'port', 9090, (n) => Number.isInteger(n) && n >= 0 && n < 65536);
    const seed = numberOpt(args, 'seed', 1, Number.isInteger);
    const speed = numberOpt(args, 'speed', 1, (n) => n > 0 && n <= 1000);
    const host = stringOpt(args, 'host', '127.0.0.1');
    const sim = await startSimulator({ world: world as WorldName, seed, speed, port, host, log: (l) => console.error(l) });
    console.log(`Simulator '${world}' (seed ${seed}, speed ${speed}x) listening on ${sim.url} — Ctrl+C to stop`);
    await untilSignal();
    await sim.dispose();
    return 0;
  },
};
