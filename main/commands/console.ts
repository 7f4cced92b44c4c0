import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError, commandArgs, numberOpt, stringOpt } from '../args.ts';
import { WORLDS, type WorldName } from '../../src/app/contract.ts';
import { startConsoleHost } from '../console-host.ts';
import { createNodeApp } from '../node-app.ts';
import { untilSignal } from '../signals.ts';

const HELP = `intervene console [options]

Serves the Intervene operator console (the same app as the desktop window) to a browser.
By default it listens on 127.0.0.1 only and connects to the built-in simulator.

Options:
  --port N          HTTP port (default 8470; 0 picks a free one)
  --listen ADDR     listen on another address, e.g. 0.0.0.0 for a remote operator. A secret
                    access token is then generated and printed in the URL: anyone who can
                    open the console can drive the robot.
  --token T         use this access token instead of a generated one
  --world lane|forest  simulator world at start (default lane)
  --seed N          simulator seed (default 1)
  --no-sim          start without connecting (choose a robot in the connection dialog)
  --no-hid          do not read gamepads over HID (the browser's Gamepad API still works)
  --data DIR        where profiles are kept (default ~/.config/intervene)
  --dataset DIR     where drives are recorded (default <data>/datasets/default)`;

export const consoleCommand = {
  name: 'console',
  summary: 'serve the operator console to a browser on 127.0.0.1',
  async run(argv: string[]): Promise<number> {
    const args = commandArgs(argv, HELP, new Set(['help', 'no-sim', 'no-hid']), ['port', 'listen', 'token', 'world', 'seed', 'no-sim', 'no-hid', 'data', 'dataset']);
    if (!args) return 0;
    const world = stringOpt(args, 'world', 'lane');
    if (!(WORLDS as readonly string[]).includes(world)) throw new UsageError(`--world must be one of ${WORLDS.join(', ')}`);
    const seed = numberOpt(args, 'seed', 1, Number.isInteger);
    const port = numberOpt(args, 'port', 8470, (n) => Number.isInteger(n) && n >= 0 && n < 65536);
    const token = args.options.get('token');
    const core = await createNodeApp({
      host: 'console',
      dataDir: typeof args.options.get('data') === 'string' ? (args.options.get('data') as string) : undefined,
      connect: args.options.has('no-sim') ? null : { kind: 'sim', world: world as WorldName, seed },
      hid: !args.options.has('no-hid'),
      simWorker: join(dirname(fileURLToPath(import.meta.url)), 'sim-worker.js'),
      dataset: typeof args.options.get('dataset') === 'string' ? (args.options.get('dataset') as string) : undefined,
      log: (l) => console.error(l),
    });
    const root = join(dirname(fileURLToPath(import.meta.url)), 'renderer');
    const host = await startConsoleHost({
      service: core,
      root,
      host: stringOpt(args, 'listen', '127.0.0.1'),
      port,
      token: typeof token === 'string' ? token : undefined,
      log: (l) => console.error(l),
    });
    console.log(`Intervene console: ${host.url}`);
    console.log('Open it in a browser. Hold Shift with W/A/S/D (or LB and the left stick) to drive; ? shows all keys. Ctrl+C stops.');
    await untilSignal();
    await host.dispose();
    await core.dispose();
    return 0;
  },
};
