/**
 * The one typed contract between the operator UI and the app core. Both hosts carry it:
 * Electron over IPC (the preload exposes `intervene` to the page), the console over a WebSocket.
 * Everything crossing it is plain JSON. Pure: no Node, no DOM.
 */
import type { Problem } from '../base/problem.ts';
import type { MarkerArray, Pose, ScanView, Twist } from '../ros/messages.ts';
import type { TeleopMapping } from '../input/mapping.ts';
import type { EpisodeEntry, Outcome } from '../record/dataset-types.ts';
import type { OperatorInfo, PassStatus, ReactionState, RelabelPassInfo, ReplayControl, ReplayOpened, ReplayState } from './contract-replay.ts';

export type { EpisodeEntry, Outcome };
export * from './contract-replay.ts';

export type WorldName = 'lane' | 'forest';
export const WORLDS: readonly WorldName[] = ['lane', 'forest'];

export interface RobotProfile {
  name: string;
  /** rosbridge URL, e.g. ws://robot:9090 */
  url: string;
  cmdTopic: string;
  cmdType: 'geometry_msgs/Twist' | 'geometry_msgs/TwistStamped';
  odomTopic: string;
  scanTopic: string;
  markersTopic: string;
  rateHz: number;
  limits: { linear: number; angular: number; vertical: number };
  mapping: TeleopMapping;
  /** After deadman release: one zero then silence (teleop_twist_joy), or keep streaming zeros. */
  onRelease: 'silence' | 'zero-stream';
  /** Input silent this long while driving -> safe stop. */
  inputTimeoutMs: number;
}

export type ConnectTarget =
  | { kind: 'sim'; world: WorldName; seed: number }
  | { kind: 'robot'; profile: string };

export type LinkStatus = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'failed';

export interface TopicHealth {
  topic: string;
  rateHz: number;
  /** Seconds since the last message, null if none yet. */
  ageS: number | null;
  stale: boolean;
}

export interface LinkHealth {
  status: LinkStatus;
  url: string;
  rttMs: number | null;
  attempt: number;
  /** Ms until the next reconnect try, when reconnecting. */
  retryInMs: number | null;
  topics: TopicHealth[];
  lastError: string | null;
}

export type Driver = 'operator' | 'policy' | 'none';

export interface InputSourceInfo {
  id: string;
  kind: 'hid' | 'browser-gamepad' | 'keyboard' | 'virtual';
  label: string;
  ageMs: number;
  enable: boolean;
  active: boolean;
}

export interface RecordingState {
  /**
   * off: nothing to record (not connected); standby: connected, an episode starts at the
   * first drive; error: the last episode closed on a write error.
   */
  state: 'off' | 'standby' | 'recording' | 'error';
  episodeId: string | null;
  frames: number;
  durationS: number;
  /** The dataset folder episodes go to. */
  dataset: string;
  lastError: string | null;
}

/** Crash recovery at start: unfinished episodes being rewritten into proper files. */
export interface RecoveryProgress {
  active: boolean;
  done: number;
  total: number;
  current: string | null;
  /** One line per episode: what was recovered and what was lost. */
  lines: string[];
}

export type ControlMode = 'teleop' | 'gated';

/** Who may drive and how sure the policy is (HG-DAgger). */
export interface PolicyState {
  mode: ControlMode;
  /** The active model's version, null when none is trained or loaded. */
  version: string | null;
  /** A newer model waiting for a handback (or the episode's end) to be swapped in. */
  pendingVersion: string | null;
  /** Gate phase: idle, manual, autonomous, takeover, settling, held. */
  phase: string;
  /** The ensemble's spread at the last step, null when no policy runs. */
  doubt: number | null;
  threshold: number | null;
  thresholdSource: 'calibrated' | 'rate' | 'manual' | null;
  /** Doubt is above the threshold: the app asks the operator for help. */
  asking: boolean;
}

export type TrainingPhase = 'idle' | 'choosing-backend' | 'training' | 'done' | 'failed' | 'cancelled';

export interface TrainingState {
  state: TrainingPhase;
  backend: string | null;
  /** Why this backend: the measured trial, or what was missing. */
  backendReason: string | null;
  epoch: number;
  epochs: number;
  trainLoss: number | null;
  valLoss: number | null;
  etaS: number | null;
  /** Frames the losses are over (null before the first epoch). */
  split: { trainFrames: number; valFrames: number; byEpisode: boolean } | null;
  /** Loss per epoch of the current (or last) run, for the plot. */
  history: Array<{ epoch: number; train: number; val: number | null }>;
  error: string | null;
  /** Operator frames recorded since the active model was trained. */
  newOperatorFrames: number;
  auto: { afterFrames: number | null; atEpisodeEnd: boolean };
  /** The backend the user pinned (no trial), or null: measured when training starts. */
  pin: string | null;
  /** What may be pinned on this host (webgpu only where the desktop app has its GPU window). */
  pinnable: string[];
}

export interface ModelInfo {
  version: string;
  round: number;
  created: string;
  parent: string | null;
  backend: string;
  metrics: { trainLoss: number | null; valLoss: number | null; samplesPerS: number | null };
  /**
   * What it was trained on: the dataset watermark, and the reaction times (ms, per operator)
   * its operator labels were lined up by (empty: as recorded).
   */
  dataset: { episodes: number; frames: number; preset: string; alignedMs: Record<string, number> };
  active: boolean;
}

export interface LiveState {
  /** App clock, ms. */
  t: number;
  target: ConnectTarget | null;
  profile: string;
  link: LinkHealth;
  pose: Pose | null;
  /** Measured velocity from odometry (body frame). */
  twist: Twist | null;
  /** The last command that went on the wire (null = silent). */
  command: Twist | null;
  driver: Driver;
  enable: boolean;
  turbo: boolean;
  /** False after a link loss until the operator re-arms. */
  armed: boolean;
  estop: boolean;
  simTime: number | null;
  inputs: InputSourceInfo[];
  problems: Problem[];
  recording: RecordingState;
  policy: PolicyState;
  training: TrainingState;
}

export type AppEvent =
  | { type: 'state'; state: LiveState }
  | { type: 'scan'; scan: ScanView }
  | { type: 'markers'; markers: MarkerArray }
  | { type: 'profiles'; profiles: RobotProfile[] }
  | { type: 'episodes'; episodes: EpisodeEntry[] }
  | { type: 'recovery'; recovery: RecoveryProgress }
  | { type: 'models'; models: ModelInfo[] }
  /** The replay's state, about 30 times a second while it plays; null when it closes. */
  | { type: 'replay'; replay: ReplayState | null }
  | { type: 'replayScan'; scan: ScanView }
  /** Reading an episode for the replay: fraction 0..1 (an hour of driving takes seconds). */
  | { type: 'replayOpening'; opening: { episodeId: string; fraction: number } }
  | { type: 'passes'; episodeId: string; passes: RelabelPassInfo[] }
  | { type: 'reaction'; reaction: ReactionState }
  | { type: 'operators'; operators: OperatorInfo[]; current: string };

/** Input from the renderer's own sources (keyboard, Gamepad API), in the standard layout. */
export interface RendererInput {
  sourceId: string;
  kind: 'browser-gamepad' | 'keyboard';
  label: string;
  axes: number[];
  buttons: number[];
}

export interface AppInfo {
  version: string;
  host: 'electron' | 'console';
  worlds: readonly WorldName[];
  defaults: { world: WorldName; seed: number };
}

/** Method name -> [params, result]. */
export interface ApiMethods {
  info: [void, AppInfo];
  connect: [ConnectTarget, LiveState];
  disconnect: [void, null];
  listProfiles: [void, RobotProfile[]];
  saveProfile: [RobotProfile, RobotProfile];
  deleteProfile: [{ name: string }, null];
  input: [RendererInput, null];
  inputGone: [{ sourceId: string }, null];
  arm: [void, null];
  estop: [void, null];
  resetEstop: [void, null];
  simReset: [{ seed?: number }, null];
  simPause: [{ paused: boolean }, null];
  listEpisodes: [void, EpisodeEntry[]];
  /** Tag the outcome (null clears it) or change the notes. */
  updateEpisode: [{ id: string; outcome?: Outcome | null; notes?: string }, EpisodeEntry];
  /** Moves the episode to quarantine/: kept on disk, never used for training. */
  quarantineEpisode: [{ id: string }, EpisodeEntry];
  restoreEpisode: [{ id: string }, EpisodeEntry];
  /** Closes the current episode and starts the next one. */
  newEpisode: [void, null];
  /** Teleop: the operator drives. Gated: the policy drives; holding LB takes over. */
  setMode: [{ mode: ControlMode }, null];
  /** Trains a new model on the dataset (default preset hgdagger); progress arrives in LiveState.training. */
  train: [{ preset?: 'bc' | 'hgdagger' | 'dagger' | 'hgdagger+relabel' }, null];
  cancelTraining: [void, null];
  listModels: [void, ModelInfo[]];
  /** Rollback: makes an earlier checkpoint the active policy (swapped in at a safe moment). */
  activateModel: [{ version: string }, null];
  /** calibrated: from doubt at past takeovers; rate: a target share of steps asking for help; manual: value. */
  setDoubtThreshold: [{ source: 'calibrated' | 'rate' | 'manual'; value?: number }, null];
  setAutoTrain: [{ afterFrames: number | null; atEpisodeEnd: boolean }, null];
  /** Pins the training backend for the next runs (null: measure again). */
  setTrainingBackend: [{ backend: string | null }, null];
  /** Opens an episode in the player; live driving is held (the robot gets a zero) until closeReplay. */
  openReplay: [{ id: string }, ReplayOpened];
  closeReplay: [void, null];
  replayControl: [ReplayControl, ReplayState];
  /** Plays [from, to] at `speed` and records the operator's stick as labels while enable is held. */
  startRelabel: [{ from: number; to: number; speed: number }, ReplayState];
  /** Ends the pass in progress: kept as pending, or thrown away. */
  stopRelabel: [{ keep: boolean }, RelabelPassInfo | null];
  setPassStatus: [{ episodeId: string; passId: string; status: Exclude<PassStatus, 'incomplete'> }, RelabelPassInfo];
  listOperators: [void, { operators: OperatorInfo[]; current: string }];
  setOperator: [{ name: string }, OperatorInfo];
  startReaction: [{ trials?: number }, ReactionState];
  cancelReaction: [void, null];
}
export type ApiMethod = keyof ApiMethods;
export type ApiParams<M extends ApiMethod> = ApiMethods[M][0];
export type ApiResult<M extends ApiMethod> = ApiMethods[M][1];

export const API_METHODS: readonly ApiMethod[] = [
  'info', 'connect', 'disconnect', 'listProfiles', 'saveProfile', 'deleteProfile',
  'input', 'inputGone', 'arm', 'estop', 'resetEstop', 'simReset', 'simPause',
  'listEpisodes', 'updateEpisode', 'quarantineEpisode', 'restoreEpisode', 'newEpisode',
  'setMode', 'train', 'cancelTraining', 'listModels', 'activateModel', 'setDoubtThreshold', 'setAutoTrain', 'setTrainingBackend',
  'openReplay', 'closeReplay', 'replayControl', 'startRelabel', 'stopRelabel', 'setPassStatus',
  'listOperators', 'setOperator', 'startReaction', 'cancelReaction',
];

/** Wire envelope, same over IPC and WebSocket. */
export type ClientMessage = { kind: 'call'; id: number; method: ApiMethod; params: unknown };
export type ServerMessage =
  | { kind: 'result'; id: number; ok: true; value: unknown }
  | { kind: 'result'; id: number; ok: false; error: string }
  | { kind: 'event'; event: AppEvent };

/** Validates the envelope of a call from the UI; params are validated by the handler. */
export function parseClientMessage(raw: unknown): ClientMessage | string {
  if (typeof raw !== 'object' || raw === null) return 'message is not an object';
  const m = raw as Record<string, unknown>;
  if (m.kind !== 'call') return `unknown message kind ${JSON.stringify(m.kind)}`;
  if (typeof m.id !== 'number' || !Number.isInteger(m.id)) return 'call id must be an integer';
  if (typeof m.method !== 'string' || !(API_METHODS as readonly string[]).includes(m.method)) {
    return `unknown method ${JSON.stringify(m.method)}`;
  }
  return { kind: 'call', id: m.id, method: m.method as ApiMethod, params: m.params };
}

/** What the renderer sees of the host: one function to call, one to listen. */
export interface HostBridge {
  call<M extends ApiMethod>(method: M, params: ApiParams<M>): Promise<ApiResult<M>>;
  onEvent(listener: (event: AppEvent) => void): () => void;
}
