/**
 * The experiment of the HG-DAgger paper, headless: BC, DAgger and HG-DAgger on one
 * world with the same budget, evaluated on fresh starts after every round.
 *
 * Round 0 is shared: the synthetic operator demonstrates `episodesPerRound` episodes and
 * one policy is trained on them (BC); every method starts from it. In each later round
 * DAgger collects `episodesPerRound` episodes mixing labeller and policy (beta decays) and
 * labels every visited state (labeller: the same synthetic operator, or the clean expert); HG-DAgger collects as many with the
 * operator gating and keeps the operator's frames; BC then gets demonstrations until it
 * holds as many labels as the most any other method holds (or `episodesPerRound` more
 * episodes when it runs alone). Each method retrains on all its data, warm-started.
 */
import { DoubtThreshold } from '../control/doubt-threshold.ts';
import { aggregate, withRelabels, type AggregatePreset, type LabelRule } from '../record/aggregate.ts';
import { withOperatorLag } from '../record/label-lag.ts';
import { relabelLookup } from '../relabel/lookup.ts';
import type { RelabelPass } from '../relabel/pass.ts';
import { alignmentErrors, calibrate, CONTROL_PERIOD_MS, emptySignals, mergeSignals, relabelEpisodes, type Calibration } from './relabel-round.ts';
import type { EpisodeData } from '../record/aggregate-types.ts';
import { takeDemonstration } from './demonstrations.ts';
import { countLabels, toEpisodeData } from './episode.ts';
import { bootstrapRate, evaluatePolicy } from './evaluate.ts';
import { labelRule } from './label-rules.ts';
import type { Policy } from './policy.ts';
import { rollout } from './rollout.ts';
import { METHODS, type ExperimentOptions, type ExperimentResult, type Method, type RoundRow } from './runner-types.ts';
import { deriveSeed, replicaSeed } from './seeds.ts';

export * from './runner-types.ts';

interface Track { episodes: EpisodeData[]; policy: Policy; labels: number; rows: RoundRow[]; operatorS: number; passes: RelabelPass[] }

/** The preset a method's labels are counted by (relabels are not known before the round's passes). */
const labelPreset = (m: Method): AggregatePreset => (m === 'hgdagger+relabel' ? 'hgdagger' : PRESET[m]);

const PRESET: Record<Method, AggregatePreset> = { bc: 'bc', dagger: 'dagger', hgdagger: 'hgdagger', 'hgdagger+relabel': 'hgdagger+relabel' };
const MODE: Record<Exclude<Method, 'bc'>, 'dagger' | 'hgdagger'> = { dagger: 'dagger', hgdagger: 'hgdagger', 'hgdagger+relabel': 'hgdagger' };
/** Collection order in a round: the relabelling method first, so plain HG-DAgger can match its operator time. */
const ORDER: readonly Method[] = ['hgdagger+relabel', 'dagger', 'hgdagger'];

export async function runExperiment(opts: ExperimentOptions): Promise<ExperimentResult> {
  const methods = checkOptions(opts);
  const E = opts.episodesPerRound;
  const replica = opts.replica ?? 0;
  const chance = replicaSeed(opts.seed, replica);
  const evalSeeds = Array.from({ length: opts.evalEpisodes ?? E }, (_, i) => deriveSeed(opts.seed, 'eval', i));
  const evalSeconds = opts.evalSeconds ?? opts.episodeSeconds;
  const total = 3 + opts.rounds * methods.length * 3;
  let done = 0;
  const progress = (method: Method | null, round: number, phase: 'collect' | 'train' | 'evaluate'): void => {
    done++;
    opts.onProgress?.({ done, total, method, round, phase });
  };
  const collect = (mode: 'expert' | 'dagger' | 'hgdagger', index: number, policy: Policy | null, beta?: number, requests?: DoubtThreshold) =>
    rollout({
      world: opts.world, seed: deriveSeed(opts.seed, 'train', index), seconds: opts.episodeSeconds, mode, policy,
      noiseSeed: deriveSeed(chance, 'noise', index), beta, segmentS: opts.segmentS, daggerLabels: opts.daggerLabels, requests,
      operator: mode === 'dagger' && opts.daggerDelayS !== undefined ? { ...opts.operator, delayS: opts.daggerDelayS } : opts.operator,
    });
  const evaluate = (policy: Policy) => evaluatePolicy({ world: opts.world, policy, seeds: evalSeeds, seconds: evalSeconds });

  const demos = Array.from({ length: E }, (_, i) => toEpisodeData(collect('expert', i, null), { id: `demo-${i}`, round: 0 }));
  progress(null, 0, 'collect');
  const policy0 = await opts.train(aggregate(demos, { preset: 'bc', rule: liveRule('bc', demos, opts) }), null);
  progress(null, 0, 'train');
  const eval0 = evaluate(policy0);
  progress(null, 0, 'evaluate');

  const demoS = demos.reduce((a, d) => a + (d.frames[d.frames.length - 1]?.t ?? 0), 0);
  const tracks = new Map<Method, Track>();
  for (const m of methods) {
    const labels = demos.reduce((s, d) => s + countLabels(d, labelPreset(m), liveRule(labelPreset(m), [d], opts)), 0);
    tracks.set(m, { episodes: [...demos], policy: policy0, labels, rows: [row(0, labels, E, eval0, 0, demoS)], operatorS: demoS, passes: [] });
  }
  const relabelling = tracks.get('hgdagger+relabel');
  const settings = opts.relabel ? { ...opts.relabel, seed: deriveSeed(chance, 'relabel', 0) } : null;
  let calibration: Calibration | null = null;
  const shifts = { signals: emptySignals([]), episodeS: 0 };
  if (relabelling && settings) {
    calibration = calibrate(settings);
    relabelling.operatorS += calibration.operatorS;
  }
  let nextDemo = E;
  let nextExtra = 0;
  for (let round = 1; round <= opts.rounds; round++) {
    for (const m of ORDER.filter((x) => methods.includes(x)) as Array<Exclude<Method, 'bc'>>) {
      const t = tracks.get(m) as Track;
      let takeovers = 0, asks = 0, seconds = 0;
      const fresh: EpisodeData[] = [];
      // As in the app: the threshold calibrates anew for each model, over its episodes.
      const requests = opts.requests && MODE[m] === 'hgdagger' ? new DoubtThreshold() : undefined;
      if (requests && opts.requests) requests.configure(opts.requests);
      const take = (index: number, id: string) => {
        const r = collect(MODE[m], index, t.policy, m === 'dagger' ? (opts.betaDecay ?? 0.5) ** round : undefined, requests);
        takeovers += r.metrics.interventions;
        asks += r.metrics.requests;
        seconds += r.metrics.seconds;
        const ep = toEpisodeData(r, { id, round });
        fresh.push(ep);
        t.episodes.push(ep);
      };
      for (let i = 0; i < E; i++) take(round * E + i, `${m}-${round}-${i}`);
      t.operatorS += seconds;
      if (m === 'hgdagger+relabel' && settings && calibration) {
        const done = relabelEpisodes(fresh, settings, calibration, opts.world);
        t.passes.push(...done.passes);
        t.operatorS += done.operatorS;
        shifts.signals.components = done.alignment.components;
        mergeSignals(shifts.signals, done.alignment);
        shifts.episodeS += done.episodeS;
      }
      // Equal operator time: what the relabelling method spent at the replay, plain HG-DAgger spends driving more.
      if (m === 'hgdagger' && relabelling) {
        while (t.operatorS < relabelling.operatorS) {
          const before = seconds;
          take(1_000_000 + nextExtra, `${m}-${round}-extra-${nextExtra}`);
          nextExtra++;
          t.operatorS += seconds - before;
        }
      }
      progress(m, round, 'collect');
      await retrain(t, m, opts);
      progress(m, round, 'train');
      const perMin = (n: number): number => (MODE[m] === 'hgdagger' && seconds > 0 ? n / (seconds / 60) : 0);
      t.rows.push(row(round, t.labels, t.episodes.length, evaluate(t.policy), perMin(takeovers), t.operatorS, perMin(asks)));
      progress(m, round, 'evaluate');
    }
    const bc = tracks.get('bc');
    if (!bc) continue;
    const others = methods.filter((x) => x !== 'bc').map((m) => (tracks.get(m) as Track).labels);
    const target = others.length > 0 ? Math.max(...others) : null;
    const before = bc.episodes.length;
    for (let added = 0; target === null ? added < E : bc.labels < target; added++) {
      const room = target === null ? Infinity : target - bc.labels;
      const ep = takeDemonstration(collect('expert', nextDemo, null), `demo-${nextDemo}`, room);
      nextDemo++;
      // A demonstration with no label (too short to hold one) would loop forever.
      const held = ep ? countLabels(ep, 'bc', liveRule('bc', [ep], opts)) : 0;
      if (!ep || held === 0) break;
      bc.episodes.push(ep);
      bc.labels += held;
      bc.operatorS += ep.frames[ep.frames.length - 1]?.t ?? 0;
    }
    progress('bc', round, 'collect');
    if (bc.episodes.length > before) await retrain(bc, 'bc', opts);
    progress('bc', round, 'train');
    bc.rows.push(row(round, bc.labels, bc.episodes.length, evaluate(bc.policy), 0, bc.operatorS));
    progress('bc', round, 'evaluate');
  }
  const result: ExperimentResult = {
    world: opts.world, seed: opts.seed, ...(replica > 0 ? { replica } : {}), methods: {},
    ...(opts.requests && methods.some((m) => MODE[m as Exclude<Method, 'bc'>] === 'hgdagger') ? { requests: { ...opts.requests } } : {}),
  };
  if (settings && calibration) {
    const errors = alignmentErrors(shifts.signals);
    result.relabel = {
      speed: settings.speed, control_period_ms: CONTROL_PERIOD_MS,
      // null (no pass, or nothing to line up) reads as NaN nowhere: JSON cannot carry it.
      alignment_error_ms_raw: Math.abs(errors.rawMs ?? 0), alignment_error_ms_compensated: Math.abs(errors.compensatedMs ?? 0),
      true_delay_ms: (settings.delayS ?? 0.25) * 1000, measured_latency_ms: calibration.latencyMs,
      passes: shifts.signals.passes, relabelled_s: shifts.episodeS,
    };
  }
  for (const m of METHODS) {
    const t = tracks.get(m);
    if (t) result.methods[m] = t.rows;
  }
  return result;
}

async function retrain(t: Track, m: Method, opts: ExperimentOptions): Promise<void> {
  const hg = m === 'hgdagger' || m === 'hgdagger+relabel';
  const relabels = PRESET[m] === 'hgdagger+relabel' ? relabelLookup(t.passes, framesById(t.episodes)) : undefined;
  const live = liveRule(PRESET[m], t.episodes, opts);
  // As the app does: relabels win where they exist, and elsewhere the live labels, lined up.
  const rule = relabels ? withRelabels(live, relabels) : live;
  const set = aggregate(t.episodes, {
    preset: PRESET[m], rule, relabels,
    weighting: hg ? opts.hgWeighting : undefined, preIntervention: hg ? opts.preIntervention : undefined,
  });
  t.labels = set.stats.frames;
  t.policy = await opts.train(set, t.policy);
}

/** A preset's labels as the experiment takes them: lined up by `alignLabelsS` when it is set. */
function liveRule(preset: AggregatePreset, episodes: readonly EpisodeData[], opts: ExperimentOptions): LabelRule {
  const plain = labelRule(preset, opts.daggerLabels);
  const lag = opts.alignLabelsS ?? 0;
  return lag > 0 ? withOperatorLag(plain, lag, framesById(episodes)) : plain;
}

function framesById(episodes: readonly EpisodeData[]): Map<string, EpisodeData['frames']> {
  return new Map(episodes.map((e) => [e.entry.id, e.frames]));
}

function row(round: number, labels: number, episodes: number, e: ReturnType<typeof evaluatePolicy>, perMin: number, operatorS: number, asksPerMin = 0): RoundRow {
  return {
    operator_s: Math.round(operatorS * 10) / 10,
    round, expert_labels: labels, episodes, km: e.km,
    collisions_per_km: e.collisions_per_km, departures_per_km: e.departures_per_km,
    failures: e.collisions + e.departures, failures_per_km: e.collisions_per_km + e.departures_per_km,
    failures_per_km_ci: bootstrapRate(e.runs),
    success_rate: e.success_rate, interventions_per_min: perMin, requests_per_min: asksPerMin,
  };
}

function checkOptions(opts: ExperimentOptions): Method[] {
  const methods = [...new Set(opts.methods)];
  if (methods.length === 0) throw new Error('runExperiment: methods must not be empty');
  for (const m of methods) if (!METHODS.includes(m)) throw new Error(`runExperiment: unknown method ${JSON.stringify(m)}`);
  if (!Number.isInteger(opts.rounds) || opts.rounds < 0) throw new Error(`runExperiment: rounds must be an integer >= 0, got ${opts.rounds}`);
  if (!Number.isInteger(opts.episodesPerRound) || opts.episodesPerRound < 1) throw new Error(`runExperiment: episodesPerRound must be an integer >= 1, got ${opts.episodesPerRound}`);
  if (!(opts.episodeSeconds > 0)) throw new Error(`runExperiment: episodeSeconds must be positive, got ${opts.episodeSeconds}`);
  if (opts.evalEpisodes !== undefined && !(Number.isInteger(opts.evalEpisodes) && opts.evalEpisodes >= 1)) throw new Error(`runExperiment: evalEpisodes must be an integer >= 1, got ${opts.evalEpisodes}`);
  if (methods.includes('hgdagger+relabel') && !opts.relabel) throw new Error('runExperiment: the method hgdagger+relabel needs relabel settings (speed)');
  if (opts.replica !== undefined && !(Number.isInteger(opts.replica) && opts.replica >= 0)) throw new Error(`runExperiment: replica must be an integer >= 0, got ${opts.replica}`);
  if (opts.alignLabelsS !== undefined && !(opts.alignLabelsS >= 0 && Number.isFinite(opts.alignLabelsS))) throw new Error(`runExperiment: alignLabelsS must be >= 0, got ${opts.alignLabelsS}`);
  if (opts.daggerDelayS !== undefined && !(opts.daggerDelayS >= 0 && Number.isFinite(opts.daggerDelayS))) throw new Error(`runExperiment: daggerDelayS must be >= 0, got ${opts.daggerDelayS}`);
  if (opts.relabel && !(opts.relabel.speed > 0)) throw new Error(`runExperiment: relabel.speed must be positive, got ${opts.relabel.speed}`);
  const decay = opts.betaDecay ?? 0.5;
  if (!(decay >= 0 && decay <= 1)) throw new Error(`runExperiment: betaDecay must be in [0, 1], got ${decay}`);
  return methods;
}
