import { readdir, readFile, writeFile } from 'node:fs/promises';
import { TRAIN_DUTY } from '../learn/duty.ts';
import { join } from 'node:path';
import type { Clock } from '../base/clock.ts';
import type { ProblemSet } from '../base/problem.ts';
import { loadCheckpoint, policyFromCheckpoint, saveCheckpoint, type Checkpoint } from '../learn/checkpoint.ts';
import { BACKEND_CANDIDATES, type BackendName } from '../learn/backend-names.ts';
import type { PreparedInfo } from '../learn/dataset-source.ts';
import type { TrainOptions } from '../learn/train.ts';
import { startRoutedTraining, type GpuHost, type RouteMemo } from '../learn/gpu-route.ts';
import { TrainerError, type DatasetTrainJob, type TrainJob } from '../learn/trainer.ts';
import type { AggregatePreset } from '../record/aggregate.ts';
import type { Dataset } from '../record/dataset.ts';
import type { ModelInfo, TrainingState } from './contract.ts';
import { IDLE_TRAINING } from './live-state.ts';
import type { ActingPolicy, PolicyService } from './policy-service.ts';

export interface TrainingServiceOptions {
  clock: Clock;
  dataset: Dataset;
  problems: ProblemSet;
  policy: PolicyService;
  /** The bundled training worker (dist/train-worker.js). */
  workerUrl?: string | URL;
  onModels(models: ModelInfo[]): void;
  /**
   * True: HG-DAgger training prefers the labels of accepted relabel passes, which the
   * worker reads itself from the sidecars beside the episodes.
   */
  relabels?: boolean;
  /**
   * Operators' measured reaction times (ms) by name, read at each training: their live
   * labels are paired with the state they answered (see withOperatorLag).
   */
  reactionMs?: () => Readonly<Record<string, number>>;
  /** Training settings other than the warm start (default: train.ts's); tests keep runs short. */
  train?: Omit<TrainOptions, 'warmStart'>;
  /** Pin a backend (no trials); absent measures the candidates. */
  backend?: BackendName | null;
  /** The desktop app's hidden GPU window: WebGPU joins the measured candidates. */
  gpu?: GpuHost | null;
  log?: (line: string) => void;
}

interface ModelSidecar { preset: string; round: number; alignedMs?: Record<string, number> }

const PROBLEM = 'train';
/** Longest a retraining may run: it must fit between two episodes (the issue asks for 30 s on 30,000 frames, reading and saving included). */
export const RETRAIN_SECONDS = 25;

/**
 * Trains policies from the dataset in a worker (the control loop never waits on it),
 * saves each as a checkpoint in the dataset's models/ folder, and hands the new policy to
 * the policy service, which swaps it in at a safe moment.
 */
export class TrainingService {
  private job: TrainJob | null = null;
  private busy = false;
  private cancelAsked = false;
  private st: TrainingState = structuredClone(IDLE_TRAINING);
  private models: ModelInfo[] = [];
  private activeVersion: string | null = null;
  private trainedEpisodes = new Set<string>();
  private readonly route: RouteMemo = { winner: null };
  private pin: BackendName | null;
  /** Backends the user may pin here: the worker's, and WebGPU where the desktop app has its GPU trainer. */
  private readonly pinnable: BackendName[];

  constructor(private readonly opts: TrainingServiceOptions) {
    this.pin = opts.backend ?? null;
    this.pinnable = [...BACKEND_CANDIDATES, ...(opts.gpu ? ['webgpu' as const] : [])];
  }

  state(): TrainingState {
    return { ...this.st, history: this.st.history, newOperatorFrames: this.newOperatorFrames(), pin: this.pin, pinnable: [...this.pinnable] };
  }

  /** Pins the backend of the next runs (null: measure the candidates again). */
  setBackend(name: string | null): void {
    if (name !== null && !(this.pinnable as string[]).includes(name)) {
      throw new Error(`No training backend ${JSON.stringify(name)} here; choose one of ${this.pinnable.join(', ')}, or automatic`);
    }
    this.pin = name as BackendName | null;
    // "Measure again" means the GPU window too.
    this.route.winner = null;
    this.route.gpuNote = undefined;
  }

  setAuto(auto: TrainingState['auto']): void {
    if (auto.afterFrames !== null && !(Number.isInteger(auto.afterFrames) && auto.afterFrames > 0)) {
      throw new Error(`Auto-train after ${auto.afterFrames} frames: give a positive whole number, or null`);
    }
    this.st.auto = { ...auto };
  }

  /** Called when an episode was added to the dataset: maybe time to retrain. */
  episodeClosed(): void {
    if (this.busy) return;
    const { afterFrames, atEpisodeEnd } = this.st.auto;
    const due = atEpisodeEnd || (afterFrames !== null && this.newOperatorFrames() >= afterFrames);
    if (due && this.newOperatorFrames() > 0) void this.start('hgdagger').catch((err: unknown) => this.opts.log?.(`auto-train: ${String(err)}`));
  }

  /**
   * Starts training; resolves once the worker has read the dataset and is training (or
   * rejects if the dataset cannot be used), while training goes on in the background and
   * reports through state(). A run that ends before that (cancelled, the worker died)
   * resolves when it is over, its outcome in state().
   */
  start(preset: AggregatePreset): Promise<void> {
    return new Promise((resolve, reject) => {
      this.run(preset, resolve).then(resolve, reject);
    });
  }

  private async run(preset: AggregatePreset, running: () => void): Promise<void> {
    // Claimed before the first await, so two requests (T and auto-train, two UIs) never both start.
    if (this.busy) throw new Error('Training is already running; cancel it first');
    this.busy = true;
    this.cancelAsked = false;
    try {
      await this.train(preset, running);
    } finally {
      this.busy = false;
      this.job = null;
    }
  }

  private async train(preset: AggregatePreset, running: () => void): Promise<void> {
    const started = this.opts.clock.now();
    this.st = { ...structuredClone(IDLE_TRAINING), auto: this.st.auto, state: 'choosing-backend' };
    this.opts.problems.clear(PROBLEM);
    const parentVersion = this.activeVersion;
    const parent = parentVersion ? await this.checkpoint(parentVersion).catch(() => null) : null;
    let job: DatasetTrainJob;
    try {
      // The worker reads and aggregates the dataset: tens of thousands of frames parsed here would stall the control loop.
      job = startRoutedTraining({
        root: this.opts.dataset.root,
        episodes: this.opts.dataset.list().filter((e) => !e.quarantined),
        preset, obsFields: this.opts.policy.obsFields() ?? undefined, relabels: this.opts.relabels === true,
        reactionMs: this.opts.reactionMs?.(),
      }, {
        workerUrl: this.opts.workerUrl, backend: this.pin, duty: TRAIN_DUTY,
        // Retraining must fit between two episodes: the best weights after at most this long.
        train: { maxSeconds: RETRAIN_SECONDS, ...this.opts.train, warmStart: parent ? { weights: parent.weights, obsNorm: parent.obsNorm, actNorm: parent.actNorm } : null },
      }, this.opts.gpu ?? null, this.route);
    } catch (err) {
      this.fail(err instanceof Error ? err.message : String(err));
      throw err;
    }
    this.job = job;
    job.backend.on((choice) => {
      this.st = { ...this.st, state: 'training', backend: choice.chosen, backendReason: choice.reason };
    });
    job.progress.on((p) => {
      this.st = {
        ...this.st, state: 'training', epoch: p.epoch, epochs: p.epochs, trainLoss: p.trainLoss, valLoss: p.valLoss, etaS: p.etaS, split: p.split,
        history: [...this.st.history, { epoch: p.epoch, train: p.trainLoss, val: p.valLoss }],
      };
    });
    if (this.cancelAsked) job.cancel();
    let prepared: PreparedInfo;
    try {
      prepared = await job.prepared;
    } catch (err) {
      job.result.catch(() => undefined);
      const kind = err instanceof TrainerError ? err.kind : 'failed';
      const message = err instanceof Error ? err.message : String(err);
      if (kind === 'cancelled') {
        this.st = { ...this.st, state: 'cancelled', etaS: 0 };
        return;
      }
      this.fail(message);
      // A dataset that cannot be used is the caller's answer; a worker that died is reported through
      // state, as during training. Either way start() settles only once the run is over (busy cleared).
      if (kind === 'unusable') throw new Error(message);
      return;
    }
    running();
    const usedPreset = prepared.preset;
    try {
      const result = await job.result;
      if (result.cancelled) {
        // A cancelled run may be barely trained: it is never saved or swapped in.
        this.st = { ...this.st, state: 'cancelled', etaS: 0 };
        return;
      }
      const version = await this.nextVersion();
      const checkpoint: Checkpoint = {
        weights: result.weights, obsNorm: result.obsNorm, actNorm: result.actNorm, metrics: result.metrics,
        backend: result.backend.chosen, watermark: prepared.watermark,
        parent: prepared.warmStarted ? parentVersion : null, createdMs: this.opts.clock.wallMs(),
      };
      const dir = join(this.opts.dataset.modelsDir, version);
      await saveCheckpoint(dir, checkpoint);
      await writeFile(join(dir, 'intervene.json'), JSON.stringify({ preset: usedPreset, round: Number(version.slice(1)), alignedMs: prepared.alignedMs } satisfies ModelSidecar));
      this.opts.log?.(`trained ${version} in ${Math.round((this.opts.clock.now() - started) / 1000)} s on ${prepared.rows} frames (${usedPreset}${alignedText(prepared.alignedMs)})`);
      this.install(version, checkpoint);
      await this.refresh();
      // Done only now, with nothing left to await: whoever sees it may start the next run at once.
      this.st = { ...this.st, state: 'done', etaS: 0 };
    } catch (err) {
      // Reported through state and problems; the caller already heard that it started.
      this.fail(err instanceof Error ? err.message : String(err));
    }
  }

  cancel(): void {
    // Asked before the worker exists (while the parent checkpoint loads): honoured as soon as it does.
    if (this.busy && !this.job) this.cancelAsked = true;
    this.job?.cancel();
  }

  async listModels(): Promise<ModelInfo[]> {
    await this.refresh();
    return this.models;
  }

  async activate(version: string): Promise<void> {
    if (!/^v\d+$/.test(version)) throw new Error(`No model ${JSON.stringify(version)}`);
    const cp = await this.checkpoint(version).catch((err: unknown) => {
      throw new Error(`Cannot load model ${version}: ${err instanceof Error ? err.message : String(err)}`);
    });
    this.install(version, cp);
    await this.refresh();
  }

  private install(version: string, cp: Checkpoint): void {
    const ensemble = policyFromCheckpoint(cp);
    const policy: ActingPolicy = { version, obsFields: cp.obsNorm.fields, act: (obs) => ensemble.act(obs) };
    this.activeVersion = version;
    this.trainedEpisodes = new Set(Object.keys(cp.watermark.episodes));
    this.opts.policy.offer(policy);
  }

  private fail(message: string): void {
    this.st = { ...this.st, state: 'failed', error: message };
    this.opts.problems.raise({ key: PROBLEM, severity: 'warning', message: `Training failed: ${message}`, hint: 'The robot and the current policy are unaffected; fix the cause and train again (T).' });
  }

  private checkpoint(version: string): Promise<Checkpoint> {
    return loadCheckpoint(join(this.opts.dataset.modelsDir, version));
  }

  private async versions(): Promise<string[]> {
    const names = await readdir(this.opts.dataset.modelsDir).catch(() => [] as string[]);
    return names.filter((n) => /^v\d+$/.test(n)).sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)));
  }

  private async nextVersion(): Promise<string> {
    const last = (await this.versions()).at(-1);
    return `v${last ? Number(last.slice(1)) + 1 : 1}`;
  }

  /** Re-reads the model list (e.g. after a waiting model took over) and tells the UI. */
  refreshModels(): Promise<void> {
    return this.refresh().catch((err: unknown) => this.opts.log?.(`models: ${String(err)}`));
  }

  private async refresh(): Promise<void> {
    const models: ModelInfo[] = [];
    for (const version of await this.versions()) {
      const dir = join(this.opts.dataset.modelsDir, version);
      const cp = await loadCheckpoint(dir).catch(() => null);
      if (!cp) continue;
      const side = await readFile(join(dir, 'intervene.json'), 'utf8').then((t) => JSON.parse(t) as ModelSidecar).catch(() => null);
      models.push({
        version, round: side?.round ?? Number(version.slice(1)), created: new Date(cp.createdMs).toISOString(), parent: cp.parent,
        backend: cp.backend,
        metrics: { trainLoss: cp.metrics?.trainLoss ?? null, valLoss: cp.metrics?.valLoss ?? null, samplesPerS: cp.metrics?.samplesPerS ?? null },
        dataset: { episodes: Object.keys(cp.watermark.episodes).length, frames: cp.watermark.frames, preset: side?.preset ?? 'unknown', alignedMs: { ...side?.alignedMs } },
        // The model that drives: a newer one may wait for a handback before it takes over.
        active: version === (this.opts.policy.activeVersion ?? this.activeVersion),
      });
    }
    this.models = models;
    this.opts.onModels(models);
  }

  /** Operator frames in episodes the active model has not seen. */
  private newOperatorFrames(): number {
    return this.opts.dataset.list()
      .filter((e) => !e.quarantined && !this.trainedEpisodes.has(e.id))
      .reduce((n, e) => n + e.operator_frames, 0);
  }
}

function alignedText(alignedMs: Record<string, number>): string {
  const parts = Object.entries(alignedMs).map(([name, ms]) => `${name} ${Math.round(ms)} ms`);
  return parts.length > 0 ? `; operator labels lined up by reaction time: ${parts.join(', ')}` : '';
}
