import { homedir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { systemClock } from '../src/base/clock.ts';
import { AppCore } from '../src/app/core.ts';
import type { ConnectTarget } from '../src/app/contract.ts';
import { NodeTextStore } from '../src/app/node-text-store.ts';
import { OperatorStore } from '../src/app/operator-store.ts';
import { ProfileStore } from '../src/app/profile-store.ts';
import { createPreciseTimer } from '../src/control/precise-timer.ts';
import { HidManager } from '../src/input/hid-manager.ts';
import type { GpuHost } from '../src/learn/gpu-route.ts';
import { simStarter } from './sim-thread.ts';
import { Dataset } from '../src/record/dataset.ts';
import { nodeRecordFs } from '../src/record/node-record-fs.ts';
import pkg from '../package.json' with { type: 'json' };

export interface NodeAppOptions {
  host: 'electron' | 'console';
  dataDir?: string;
  /** Connect here at start; default: the simulator's lane world. null: stay idle. */
  connect?: ConnectTarget | null;
  /** Read gamepads over HID (node-hid); default true. */
  hid?: boolean;
  /** The bundled simulator worker (dist/sim-worker.js). */
  simWorker: string;
  /** Dataset folder drives are recorded into; default <dataDir>/datasets/default. */
  dataset?: string;
  /** The bundled training worker (dist/train-worker.js). */
  trainWorker?: string;
  /** The desktop app's hidden GPU window (WebGPU training); absent in the console. */
  gpu?: GpuHost;
  log?: (line: string) => void;
}

export function defaultDataDir(): string {
  const base = process.env.XDG_CONFIG_HOME || join(homedir(), '.config');
  return join(base, 'intervene');
}

/** The app core with its Node parts plugged in: files, HID, the simulator, a precise timer. */
export async function createNodeApp(opts: NodeAppOptions): Promise<AppCore> {
  const log = opts.log ?? (() => {});
  const texts = new NodeTextStore(opts.dataDir ?? defaultDataDir());
  const profiles = new ProfileStore(texts);
  const loaded = await profiles.load();
  const operators = new OperatorStore(texts, operatorName());
  const operatorsProblem = await operators.load();
  const datasetDir = opts.dataset ?? join(opts.dataDir ?? defaultDataDir(), 'datasets', 'default');
  const dataset = await Dataset.open(datasetDir);
  const core = new AppCore({
    clock: systemClock,
    host: opts.host,
    version: pkg.version,
    profiles,
    timer: createPreciseTimer(),
    hid: opts.hid === false ? undefined : (problems) => new HidManager({ clock: systemClock, problems }),
    startSim: simStarter(opts.simWorker, log),
    record: { dataset, fs: nodeRecordFs, operator: operators.current },
    operators,
    trainWorker: opts.trainWorker ?? join(dirname(opts.simWorker), 'train-worker.js'),
    gpu: opts.gpu,
    log,
  });
  if (operatorsProblem) core.problems.raise({ key: 'app.operators', severity: 'warning', message: operatorsProblem, hint: 'Reaction times must be measured again (J in the replay).' });
  for (const notice of dataset.notices) core.problems.raise({ key: 'record.dataset', severity: 'warning', message: notice });
  log(`recording drives into ${datasetDir}`);
  void core.recover().catch((err: unknown) => log(`recovery failed: ${err instanceof Error ? err.message : String(err)}`));
  for (const why of loaded.rejected) {
    core.problems.raise({ key: 'app.profiles', severity: 'warning', message: `Some saved profiles could not be read: ${why}`, hint: 'Fix or re-create them in the connection dialog (K).' });
  }
  const target = opts.connect === undefined ? { kind: 'sim' as const, world: 'lane' as const, seed: 1 } : opts.connect;
  if (target) await core.connect(target);
  return core;
}

function operatorName(): string {
  try {
    return userInfo().username;
  } catch {
    return 'operator';
  }
}
