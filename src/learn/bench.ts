/**
 * `intervene bench --learn`: trains the default ensemble on synthetic frames of the
 * default observation size, times one control step of the trained ensemble, and, when
 * Python can import torch, has PyTorch do the same work as a yardstick.
 */
import { TRAIN_DUTY } from './duty.ts';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { systemClock } from '../base/clock.ts';
import { measureBusyWaitJitter } from '../control/jitter.ts';
import { FixedRateLoop } from '../control/loop.ts';
import { createPreciseTimer } from '../control/precise-timer.ts';
import { ACTION_FIELDS } from '../record/frame.ts';
import { chooseBackend, type BackendChoice, type BackendName } from './backends.ts';
import { policyFromCheckpoint } from './checkpoint.ts';
import { DEFAULT_ENSEMBLE, EnsemblePolicy } from './ensemble.ts';
import { initialWeights, seededRandom } from './model.ts';
import { computeNormStats } from './observation-norm.ts';
import { createObservationSpec } from './observation.ts';
import { TORCH_SCRIPT } from './bench-torch.ts';
import { startTraining } from './trainer.ts';
import { DEFAULT_TRAIN, train, type TrainData, type TrainOptions, type TrainResult } from './train.ts';
import { trialRate } from './trial.ts';

export interface LearnBenchOptions {
  frames?: number;
  epochs?: number;
  batch?: number;
  backend?: BackendName | null;
  /** Skip the PyTorch yardstick. */
  noTorch?: boolean;
  /** Control steps timed for infer_p99_ms (default 20,000). */
  inferSteps?: number;
  /** The bundled training worker; without one, training runs in this thread and jitter is not measured. */
  workerUrl?: URL | string;
  /** The worker's share of time computing (default TRAIN_DUTY, as the app trains). */
  duty?: number;
}

export interface LearnBench {
  backend: string;
  backend_reason: string;
  ensemble: { members: number; hidden: number[]; batch: number; frames: number; epochs: number; obs_dim: number; act_dim: number };
  train_samples_per_s: number;
  infer_p99_ms: number;
  /** A 50 Hz control loop (precise timer, ensemble inference per tick) while the worker trains. */
  loop_jitter_p99_ms_while_training: number | null;
  /**
   * The floor under the same load: this thread spinning to each 50 Hz deadline (no timer)
   * while the worker trains the same job again. What it misses is preemption by the OS or
   * hypervisor, which no timer can avoid; the loop is judged against it.
   */
  yardstick_busy_wait_jitter_p99_ms_while_training: number | null;
  /** loop_jitter_p99_ms_while_training / the yardstick: 1 means the loop is as good as this machine allows. */
  loop_jitter_vs_yardstick: number | null;
  /** The worker's duty cycle during the run (1: it never rests). */
  duty: number;
  torch_samples_per_s: number | null;
  ratio_vs_torch: number | null;
  /** Why there is no yardstick, or which Python ran it. */
  torch_note: string;
}

export async function benchLearning(options: LearnBenchOptions = {}): Promise<LearnBench> {
  const frames = options.frames ?? 30_000, epochs = options.epochs ?? 3, batch = options.batch ?? DEFAULT_TRAIN.batchSize;
  const data = syntheticData(frames, createObservationSpec().fields, 7);
  const trainOptions = { epochs, batchSize: batch, valFraction: 0, patience: Infinity, seed: 7 };
  const workerUrl = options.workerUrl ?? new URL('./train-worker.js', import.meta.url);
  const inWorker = existsSync(typeof workerUrl === 'string' ? workerUrl : fileURLToPath(workerUrl));
  const { choice, result, jitter } = inWorker
    ? await trainInWorker(data, trainOptions, options.backend ?? null, workerUrl, options.duty ?? TRAIN_DUTY)
    : await trainHere(data, trainOptions, options.backend ?? null);
  const floor = inWorker ? await busyWaitWhileTraining(data, trainOptions, choice.chosen, workerUrl, options.duty ?? TRAIN_DUTY, result.metrics.seconds) : null;
  const members = DEFAULT_ENSEMBLE.members;
  const trainRate = (members * frames * epochs) / result.metrics.seconds;
  const policy = policyFromCheckpoint(result);
  const obsDim = data.obsFields.length, actDim = data.actionFields.length;
  const ensemble = { members, hidden: [...DEFAULT_ENSEMBLE.hidden], batch, frames, epochs, obs_dim: obsDim, act_dim: actDim };
  const torch = options.noTorch ? { rate: null, note: 'skipped (--no-torch)' } : runTorch({ ...ensemble, lr: DEFAULT_TRAIN.learningRate });
  return {
    backend: choice.chosen, backend_reason: choice.reason, ensemble,
    train_samples_per_s: Math.round(trainRate),
    infer_p99_ms: inferP99(policy, data, options.inferSteps ?? 20_000),
    loop_jitter_p99_ms_while_training: jitter,
    yardstick_busy_wait_jitter_p99_ms_while_training: floor,
    loop_jitter_vs_yardstick: jitter !== null && floor ? Math.round((jitter / floor) * 100) / 100 : null,
    duty: options.duty ?? TRAIN_DUTY,
    torch_samples_per_s: torch.rate === null ? null : Math.round(torch.rate),
    ratio_vs_torch: torch.rate === null ? null : Math.round((trainRate / torch.rate) * 100) / 100,
    torch_note: torch.note,
  };
}

interface Trained { choice: BackendChoice; result: TrainResult; jitter: number | null }

async function trainHere(data: TrainData, options: TrainOptions, pin: BackendName | null): Promise<Trained> {
  const choice = await chooseBackend({ pin, trial: () => trialRate(data, options) });
  return { choice, result: await train(data, options), jitter: null };
}

/** Trains in the worker while a control loop ticks here, as in the app. */
async function trainInWorker(data: TrainData, options: TrainOptions, pin: BackendName | null, workerUrl: URL | string, duty: number): Promise<Trained> {
  const fields = data.obsFields, d = fields.length;
  const policy = new EnsemblePolicy(initialWeights(DEFAULT_ENSEMBLE, d, data.actionFields.length, seededRandom(1)),
    computeNormStats(data.obs.subarray(0, 100 * d), fields), computeNormStats(data.act.subarray(0, 100 * data.actionFields.length), data.actionFields));
  const obs = data.obs.subarray(0, d);
  const loop = new FixedRateLoop({ clock: systemClock, timer: createPreciseTimer(), hz: 50, history: 1_000_000, tick: () => policy.act(obs) });
  loop.start();
  try {
    const job = startTraining(data, { workerUrl, backend: pin, train: options, hangMs: 300_000, duty });
    const result = await job.result;
    const jitter = [...loop.stats().jitterMs].sort((a, b) => a - b);
    return { choice: result.backend, result, jitter: jitter.length ? round4(jitter[Math.floor(jitter.length * 0.99)] as number) : null };
  } finally {
    loop.dispose();
  }
}

/**
 * Trains the same job again while this thread spins to each deadline for most of the
 * training time the first run took (spinning blocks this thread, so the worker's
 * messages wait; the job is cancelled once the spin is done).
 */
async function busyWaitWhileTraining(data: TrainData, options: TrainOptions, backend: BackendName, workerUrl: URL | string, duty: number, trainSeconds: number): Promise<number> {
  const job = startTraining(data, { workerUrl, backend, train: options, hangMs: 300_000, duty });
  try {
    await new Promise<void>((resolve, reject) => {
      const off = job.backend.on(() => { off(); resolve(); });
      job.result.then(() => reject(new Error('bench: the yardstick job ended before training began')), reject);
    });
    return round4(measureBusyWaitJitter({ hz: 50, seconds: Math.max(1, trainSeconds * 0.8) }).p99);
  } finally {
    job.cancel();
    await job.result.catch(() => undefined);
  }
}

const round4 = (v: number): number => Math.round(v * 1e4) / 1e4;

/** Random observations and a smooth nonlinear target of them. */
export function syntheticData(n: number, obsFields: readonly string[], seed: number): TrainData {
  const random = seededRandom(seed);
  const d = obsFields.length, a = ACTION_FIELDS.length;
  const obs = Float32Array.from({ length: n * d }, () => random());
  const act = new Float32Array(n * a);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < a; j++) act[i * a + j] = Math.sin(3 * (obs[i * d + j] as number)) * (obs[i * d + ((j + 5) % d)] as number);
  }
  return { obs, act, weight: new Float32Array(n).fill(1), obsFields, actionFields: ACTION_FIELDS, episodes: null };
}

function inferP99(policy: ReturnType<typeof policyFromCheckpoint>, data: TrainData, steps: number): number {
  const d = data.obsFields.length, n = data.weight.length;
  const times = new Float64Array(steps);
  for (let s = 0; s < steps; s++) {
    const row = s % n;
    const t0 = systemClock.now();
    policy.act(data.obs.subarray(row * d, row * d + d));
    times[s] = systemClock.now() - t0;
  }
  times.sort();
  return round4(times[Math.floor(steps * 0.99)] as number);
}

/** The pyenv or venv python3 often lacks Debian's python3-torch; try the system one too. */
const PYTHONS = ['python3', '/usr/bin/python3'];

function runTorch(config: Record<string, unknown>): { rate: number | null; note: string } {
  const python = PYTHONS.find((p) => spawnSync(p, ['-c', 'import torch'], { stdio: 'ignore', timeout: 60_000 }).status === 0);
  if (!python) return { rate: null, note: 'no python3 here imports torch (apt-get install python3-torch)' };
  const dir = mkdtempSync(join(tmpdir(), 'intervene-bench-'));
  try {
    const script = join(dir, 'torch_bench.py');
    writeFileSync(script, TORCH_SCRIPT);
    const run = spawnSync(python, [script, JSON.stringify(config)], { encoding: 'utf8', timeout: 600_000 });
    const line = run.stdout.trim().split('\n').pop() ?? '';
    try {
      const out = JSON.parse(line) as { samples_per_s: number; threads: number; version: string };
      return { rate: out.samples_per_s, note: `${python}: torch ${out.version}, ${out.threads} thread(s)` };
    } catch {
      return { rate: null, note: `torch run failed: ${(run.stderr || line).trim().split('\n').pop() ?? ''}` };
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
