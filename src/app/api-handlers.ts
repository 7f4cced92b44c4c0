import { sanitizePad } from '../input/pad-sanitize.ts';
import { isObject } from '../ros/messages.ts';
import type { ApiMethod, AppInfo, ConnectTarget, Outcome, RendererInput, ReplayControl, WorldName } from './contract.ts';
import type { ReplayService } from './replay-service.ts';
import type { RelabelDesk } from './relabel-desk.ts';
import type { Dataset } from '../record/dataset.ts';
import type { TrainingService } from './training-service.ts';
import { WORLDS } from './contract.ts';
import type { AppCore } from './core.ts';
import type { CallContext } from './api-session.ts';

/** Input sources one UI connection may create (keyboard plus a few pads). */
const MAX_SOURCES_PER_CONNECTION = 8;

/** Validates each call's params at the boundary, then asks the core. */
export class ApiHandlers {
  constructor(private readonly core: AppCore) {}

  async handle(method: ApiMethod, params: unknown, context?: CallContext): Promise<unknown> {
    const core = this.core;
    switch (method) {
      case 'info': {
        const info: AppInfo = { version: core.opts.version, host: core.opts.host, worlds: WORLDS, defaults: { world: 'lane', seed: 1 } };
        return info;
      }
      case 'connect':
        return core.connect(parseTarget(params));
      case 'disconnect':
        await core.disconnect();
        return null;
      case 'listProfiles':
        return core.profiles.list();
      case 'saveProfile': {
        const saved = await core.profiles.save(params);
        if (typeof saved === 'string') throw new Error(`Profile not saved: ${saved}`);
        core.emit({ type: 'profiles', profiles: core.profiles.list() });
        return saved;
      }
      case 'deleteProfile': {
        const name = isObject(params) && typeof params.name === 'string' ? params.name : null;
        if (name === null) throw new Error('deleteProfile needs {name}');
        if (!(await core.profiles.remove(name))) throw new Error(`No saved profile named ${JSON.stringify(name)}`);
        core.emit({ type: 'profiles', profiles: core.profiles.list() });
        return null;
      }
      case 'input': {
        const input = parseInput(params);
        // Each UI connection owns its sources: two browser tabs never share one 'keyboard'.
        const sourceId = owned(context, input.sourceId);
        const now = core.opts.clock.now();
        const known = core.hub.sources(now);
        if (context && !known.some((s) => s.id === sourceId)
          && known.filter((s) => s.id.startsWith(`${context.connection}/`)).length >= MAX_SOURCES_PER_CONNECTION) {
          throw new Error(`Too many input sources from one UI (max ${MAX_SOURCES_PER_CONNECTION})`);
        }
        core.hub.push({ sourceId, kind: input.kind, label: input.label, state: { axes: input.axes, buttons: input.buttons }, t: now });
        return null;
      }
      case 'inputGone': {
        if (isObject(params) && typeof params.sourceId === 'string') core.hub.remove(owned(context, params.sourceId));
        return null;
      }
      case 'estop':
        core.estop();
        return null;
      case 'resetEstop':
        core.resetEstop();
        return null;
      case 'arm':
        return verdict(core.current()?.controller.arm(), 'Not connected');
      case 'simReset': {
        // A new start is a new episode: no episode may span the teleport.
        const seed = isObject(params) && Number.isInteger(params.seed) ? { seed: params.seed } : {};
        core.recorder?.hold();
        try {
          await core.recorder?.endEpisode();
          await simCall(core, '/sim/reset', 'std_srvs/Trigger', seed);
        } finally {
          core.recorder?.resume();
        }
        return null;
      }
      case 'listEpisodes':
        return needDataset(core).list();
      case 'updateEpisode': {
        const { id, outcome, notes } = parseEpisodeChange(params);
        return needDataset(core).update(id, { outcome, notes });
      }
      case 'quarantineEpisode':
        return needDataset(core).quarantine(episodeId(params));
      case 'restoreEpisode':
        return needDataset(core).restore(episodeId(params));
      case 'newEpisode':
        if (!core.recorder) throw new Error('Recording is off in this app (no dataset folder)');
        await core.recorder.endEpisode();
        return null;
      case 'setMode': {
        const mode = isObject(params) ? params.mode : undefined;
        if (mode !== 'teleop' && mode !== 'gated') throw new Error(`Mode ${JSON.stringify(mode)} must be teleop or gated`);
        core.policy.setMode(mode);
        return null;
      }
      case 'setDoubtThreshold': {
        if (!isObject(params) || (params.source !== 'calibrated' && params.source !== 'rate' && params.source !== 'manual')) {
          throw new Error('Choose a threshold source: calibrated, rate or manual');
        }
        const value = typeof params.value === 'number' ? params.value : undefined;
        core.policy.configureThreshold({ source: params.source, value });
        return null;
      }
      case 'train': {
        const preset = isObject(params) && params.preset !== undefined ? params.preset : 'hgdagger';
        if (preset !== 'bc' && preset !== 'hgdagger' && preset !== 'dagger' && preset !== 'hgdagger+relabel') {
          throw new Error(`Preset ${JSON.stringify(preset)} must be bc, hgdagger, dagger or hgdagger+relabel`);
        }
        await needTraining(core).start(preset);
        return null;
      }
      case 'cancelTraining':
        needTraining(core).cancel();
        return null;
      case 'listModels':
        return needTraining(core).listModels();
      case 'activateModel': {
        const version = isObject(params) && typeof params.version === 'string' ? params.version : '';
        await needTraining(core).activate(version);
        return null;
      }
      case 'setAutoTrain': {
        const after = isObject(params) ? params.afterFrames : undefined;
        const atEnd = isObject(params) ? params.atEpisodeEnd : undefined;
        if ((after !== null && typeof after !== 'number') || typeof atEnd !== 'boolean') throw new Error('setAutoTrain needs {afterFrames: number | null, atEpisodeEnd: boolean}');
        needTraining(core).setAuto({ afterFrames: after, atEpisodeEnd: atEnd });
        return null;
      }
      case 'setTrainingBackend': {
        const backend = isObject(params) ? params.backend : undefined;
        if (backend !== null && typeof backend !== 'string') throw new Error('setTrainingBackend needs {backend: string | null}');
        needTraining(core).setBackend(backend);
        return null;
      }
      case 'openReplay':
        return needReplay(core).open(episodeId(params));
      case 'closeReplay':
        await needReplay(core).close();
        return null;
      case 'replayControl':
        return needReplay(core).control(parseReplayControl(params));
      case 'startRelabel': {
        if (!isObject(params)) throw new Error('startRelabel needs {from, to, speed}');
        const { from, to, speed } = params;
        if (typeof from !== 'number' || typeof to !== 'number' || typeof speed !== 'number') throw new Error('startRelabel needs {from, to, speed} as numbers');
        return needDesk(core).startRelabel({ from, to, speed });
      }
      case 'stopRelabel': {
        const keep = isObject(params) && typeof params.keep === 'boolean' ? params.keep : null;
        if (keep === null) throw new Error('stopRelabel needs {keep: boolean}');
        return needDesk(core).stopRelabel(keep);
      }
      case 'setPassStatus': {
        if (!isObject(params) || typeof params.episodeId !== 'string' || typeof params.passId !== 'string') throw new Error('setPassStatus needs {episodeId, passId, status}');
        const status = params.status;
        if (status !== 'accepted' && status !== 'discarded' && status !== 'pending') throw new Error(`Status ${JSON.stringify(status)} must be accepted, discarded or pending`);
        return needDesk(core).setPassStatus(params.episodeId, params.passId, status);
      }
      case 'listOperators':
        return needDesk(core).operatorList();
      case 'setOperator': {
        const name = isObject(params) && typeof params.name === 'string' ? params.name : '';
        return needDesk(core).setOperator(name);
      }
      case 'startReaction': {
        const trials = isObject(params) && params.trials !== undefined ? params.trials : 12;
        if (typeof trials !== 'number' || !Number.isInteger(trials) || trials < 3 || trials > 50) throw new Error('trials must be an integer from 3 to 50');
        return needDesk(core).startReaction(trials);
      }
      case 'cancelReaction':
        needDesk(core).cancelReaction();
        return null;
      case 'simPause': {
        const paused = isObject(params) && typeof params.paused === 'boolean' ? params.paused : null;
        if (paused === null) throw new Error('simPause needs {paused: boolean}');
        await simCall(core, '/sim/pause', 'std_srvs/SetBool', { data: paused });
        return null;
      }
    }
  }
}

function needTraining(core: AppCore): TrainingService {
  if (!core.training) throw new Error('Training needs a dataset folder (recording is off in this app)');
  return core.training;
}

function needDesk(core: AppCore): RelabelDesk {
  if (!core.desk) throw new Error('Replay and relabelling need a dataset folder (recording is off in this app)');
  return core.desk;
}

function needReplay(core: AppCore): ReplayService {
  return needDesk(core).replay;
}

function parseReplayControl(raw: unknown): ReplayControl {
  if (!isObject(raw)) throw new Error('replayControl needs an object');
  const c: ReplayControl = {};
  if (raw.play !== undefined) {
    if (typeof raw.play !== 'boolean') throw new Error('play must be true or false');
    c.play = raw.play;
  }
  for (const k of ['seekS', 'stepFrames', 'speed'] as const) {
    if (raw[k] === undefined) continue;
    if (typeof raw[k] !== 'number' || !Number.isFinite(raw[k])) throw new Error(`${k} must be a number`);
    c[k] = raw[k];
  }
  if (raw.loop !== undefined) {
    if (raw.loop === null) c.loop = null;
    else if (isObject(raw.loop) && typeof raw.loop.from === 'number' && typeof raw.loop.to === 'number') c.loop = { from: raw.loop.from, to: raw.loop.to };
    else throw new Error('loop must be {from, to} or null');
  }
  return c;
}

function needDataset(core: AppCore): Dataset {
  const dataset = core.recorder?.dataset;
  if (!dataset) throw new Error('Recording is off in this app (no dataset folder)');
  return dataset;
}

function episodeId(raw: unknown): string {
  if (!isObject(raw) || typeof raw.id !== 'string' || !raw.id) throw new Error('Name the episode: {id}');
  return raw.id;
}

function parseEpisodeChange(raw: unknown): { id: string; outcome?: Outcome | null; notes?: string } {
  const id = episodeId(raw);
  const r = raw as Record<string, unknown>;
  if (r.outcome !== undefined && r.outcome !== null && r.outcome !== 'success' && r.outcome !== 'failure') {
    throw new Error(`Outcome ${JSON.stringify(r.outcome)} must be success, failure or null`);
  }
  if (r.notes !== undefined && (typeof r.notes !== 'string' || r.notes.length > 10_000)) throw new Error('Notes must be text (at most 10,000 characters)');
  return { id, outcome: r.outcome as Outcome | null | undefined, notes: r.notes as string | undefined };
}

function owned(context: CallContext | undefined, sourceId: string): string {
  return context ? `${context.connection}/${sourceId}` : sourceId;
}

function verdict(v: { ok: true } | { ok: false; reason: string } | undefined, none: string): null {
  if (!v) throw new Error(none);
  if (!v.ok) throw new Error(v.reason);
  return null;
}

async function simCall(core: AppCore, service: string, type: string, args: object): Promise<void> {
  const session = core.current();
  if (!session || core.state().target?.kind !== 'sim') throw new Error('Not connected to the simulator');
  await session.callService(service, type, args);
}

function parseTarget(raw: unknown): ConnectTarget {
  if (!isObject(raw)) throw new Error('connect needs a target object');
  if (raw.kind === 'sim') {
    if (!(WORLDS as readonly unknown[]).includes(raw.world)) throw new Error(`Unknown world ${JSON.stringify(raw.world)}; choose ${WORLDS.join(' or ')}`);
    const seed = raw.seed ?? 1;
    if (!Number.isSafeInteger(seed)) throw new Error(`Seed ${JSON.stringify(raw.seed)} is not an integer`);
    return { kind: 'sim', world: raw.world as WorldName, seed: seed as number };
  }
  if (raw.kind === 'robot') {
    if (typeof raw.profile !== 'string' || !raw.profile) throw new Error('Choose a robot profile to connect with');
    return { kind: 'robot', profile: raw.profile };
  }
  throw new Error(`Unknown connection kind ${JSON.stringify(raw.kind)}`);
}

function parseInput(raw: unknown): RendererInput {
  if (!isObject(raw)) throw new Error('input needs an object');
  const { sourceId, kind, label } = raw;
  if (typeof sourceId !== 'string' || sourceId.length === 0 || sourceId.length > 200) throw new Error('input.sourceId must be a short string');
  if (kind !== 'keyboard' && kind !== 'browser-gamepad') throw new Error(`input.kind ${JSON.stringify(kind)} must be keyboard or browser-gamepad`);
  const pad = sanitizePad(raw.axes, raw.buttons);
  if (!pad) throw new Error('input.axes and input.buttons must be arrays of numbers');
  return { sourceId, kind, label: typeof label === 'string' ? label.slice(0, 200) : sourceId, axes: pad.axes, buttons: pad.buttons };
}
