import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { commandArgs, numberOpt, stringOpt, UsageError } from '../args.ts';
import { WORLDS, type WorldName } from '../../src/app/contract.ts';
import { DAGGER_LABELS, type DaggerLabels } from '../../src/experiment/label-rules.ts';
import { ensembleTrainer } from '../../src/experiment/learner.ts';
import type { ThresholdConfig } from '../../src/control/doubt-threshold.ts';
import type { WeightingScheme } from '../../src/record/weights.ts';
import { DEFAULT_GATE_RULE } from '../../src/sim/expert/human-model.ts';
import { checkOrdering, METHODS, poolReplicas, replicaSeed, runExperiment, type ExperimentResult, type Method, type PooledResult } from '../../src/experiment/index.ts';
import { progressBar } from '../progress.ts';

const HELP = `intervene experiment [options]

Compares imitation methods on the built-in simulator, headless and faster than real time:
  bc        behaviour cloning on demonstrations only (as many labels as the others end with)
  dagger    the policy and the labeller share control with a decaying beta; every visited state
            is labelled (by default by the same synthetic operator as the others)
  hgdagger  the policy drives; the synthetic operator (reaction delay, noise) takes over when
            danger is near and hands back when safe; only its frames are labels
  hgdagger+relabel  (with --relabel) HG-DAgger whose takeovers, and the seconds before them,
            are replayed slowly after each round and driven over again by the synthetic
            operator, its measured reaction time compensated; plain HG-DAgger then collects
            extra episodes until it has spent as much operator time
Each round retrains a 5-member ensemble (warm start) and evaluates it alone on fresh starts.

Options:
  --world lane|forest   (default lane)
  --methods LIST        comma-separated subset of bc,dagger,hgdagger,hgdagger+relabel
                        (default bc,dagger,hgdagger; --relabel adds hgdagger+relabel)
  --rounds R            rounds after the demonstrations (default 3)
  --seed S              (default 1)
  --episodes N          episodes collected per round, and demonstrations in round 0 (default 4)
  --seconds S           simulated seconds per episode (default 40)
  --epochs N            training epochs per round (default 30, early stopping on validation)
  --eval-episodes N     evaluation starts per round, on seeds never trained on (default 36;
                        12 covered under 1 km with a dozen failures, too few to rank methods)
  --eval-seconds S      simulated seconds per evaluation start (default 60)
  --relabel             add the method hgdagger+relabel and the JSON section "relabel"
  --relabel-speed X     replay speed of the relabel passes (default 0.25)
  --relabel-pre S       seconds relabelled before each takeover (default 2)
  --dagger-labels W     operator|expert: DAgger's labeller (default operator, the same delayed,
                        noisy synthetic human as BC's demonstrations and HG-DAgger's takeovers;
                        expert: the clean privileged expert, an upper bound no human reaches)
  --hg-weighting W      uniform|balanced|sirius: HG-DAgger's sample weights (default uniform, the
                        original HG-DAgger; balanced gives interventions half the weight, as IWR
                        does). BC and DAgger have no interventions to weight.
  --takeover-ttc S      the synthetic operator takes over below this time to collision (default 2)
  --takeover-clearance M  ... or when an obstacle is closer than this (default 0.2)
  --hold S              it hands back once things have looked safe this long (default 1)
  --reaction-delay S    the synthetic operator's reaction time, for every method (default 0.25)
  --dagger-delay S      DAgger's labeller's reaction time (default: --reaction-delay); the HG-DAgger
                        paper argues that labels given without control are worse, and this asks how
                        much worse they must be for the ordering to change
  --align-labels S      pair each operator label with the state it answered, S seconds earlier (the
                        reaction time; default 0: as recorded), for every method's operator labels
  --requests R          HG-DAgger's doubt alert: off (default), calibrated (from the doubt at past
                        takeovers, as HG-DAgger does) or rate:R (ask on a share R of autonomous
                        steps, as ThriftyDAgger does); the operator answers a reaction time later
  --repeats K           run K replicas (default 1) and pool them: same layouts, other operator
                        noise, DAgger coin and learner seed; rates are pooled over all replicas,
                        the interval column becomes the range over replicas, and sd and each
                        replica's failures/km are added. About K times as long.
  --replica R           run only replica R (0 is the plain experiment), e.g. one per machine;
                        pool their --out files afterwards with --pool
  --pool FILE...        print the pooled table (or --json) of replica files written by --out,
                        running nothing
  --out DIR             also write the result as DIR/experiment-<world>-<seed>.json
  --json                print one JSON object: {world, seed, methods: {method: [rows]}, relabel?}
                        (pooled: also repeats, replicas: [each replica's object], and per row
                        failures_per_km_sd and failures_per_km_replicas)
                        relabel: {speed, control_period_ms, alignment_error_ms_raw,
                        alignment_error_ms_compensated, ...}: the time shift between the relabel
                        tracks and the expert's true actions, without and with compensation`;

export const experimentCommand = {
  name: 'experiment',
  summary: 'compare BC, DAgger and HG-DAgger on the simulator, round by round',
  async run(argv: string[]): Promise<number> {
    const args = commandArgs(argv, HELP, new Set(['help', 'json', 'relabel']), ['repeats', 'replica', 'pool', 'world', 'methods', 'rounds', 'seed', 'episodes', 'seconds', 'epochs', 'eval-episodes', 'eval-seconds', 'dagger-labels', 'hg-weighting', 'takeover-ttc', 'takeover-clearance', 'hold', 'reaction-delay', 'dagger-delay', 'align-labels', 'requests', 'out', 'json', 'relabel', 'relabel-speed', 'relabel-pre']);
    if (!args) return 0;
    const json = args.options.has('json');
    if (args.options.has('pool')) return printPooled(await readReplicas([stringOpt(args, 'pool', ''), ...args.positionals]), json);
    const world = stringOpt(args, 'world', 'lane');
    if (!(WORLDS as readonly string[]).includes(world)) throw new UsageError(`--world must be one of ${WORLDS.join(', ')}`);
    const relabel = args.options.has('relabel');
    const methods = stringOpt(args, 'methods', 'bc,dagger,hgdagger').split(',').map((m) => m.trim()).filter(Boolean);
    if (relabel && !methods.includes('hgdagger+relabel')) methods.push('hgdagger+relabel');
    if (methods.includes('hgdagger+relabel') && !relabel) throw new UsageError('hgdagger+relabel needs --relabel (and optionally --relabel-speed)');
    const relabelSpeed = numberOpt(args, 'relabel-speed', 0.25, (n) => n > 0 && n <= 2);
    const relabelPre = numberOpt(args, 'relabel-pre', 2, (n) => n >= 0 && n <= 30);
    const unknown = methods.filter((m) => !(METHODS as readonly string[]).includes(m));
    if (unknown.length > 0 || methods.length === 0) throw new UsageError(`--methods takes ${METHODS.join(',')}; not ${unknown.join(',')}`);
    const rounds = numberOpt(args, 'rounds', 3, (n) => Number.isInteger(n) && n >= 1 && n <= 50);
    const seed = numberOpt(args, 'seed', 1, Number.isInteger);
    const episodes = numberOpt(args, 'episodes', 4, (n) => Number.isInteger(n) && n >= 1 && n <= 200);
    const seconds = numberOpt(args, 'seconds', 40, (n) => n >= 5 && n <= 600);
    const epochs = numberOpt(args, 'epochs', 30, (n) => Number.isInteger(n) && n >= 1 && n <= 1000);
    const evalEpisodes = numberOpt(args, 'eval-episodes', 36, (n) => Number.isInteger(n) && n >= 1 && n <= 1000);
    const evalSeconds = numberOpt(args, 'eval-seconds', 60, (n) => n >= 5 && n <= 3600);
    const daggerLabels = stringOpt(args, 'dagger-labels', 'operator');
    if (!(DAGGER_LABELS as readonly string[]).includes(daggerLabels)) throw new UsageError(`--dagger-labels must be one of ${DAGGER_LABELS.join(', ')}`);
    const hgWeighting = stringOpt(args, 'hg-weighting', 'uniform');
    if (!['uniform', 'balanced', 'sirius'].includes(hgWeighting)) throw new UsageError('--hg-weighting must be one of uniform, balanced, sirius');
    const takeoverClearM = numberOpt(args, 'takeover-clearance', DEFAULT_GATE_RULE.takeoverClearM, (n) => n >= 0 && n <= 10);
    const safeForS = numberOpt(args, 'hold', DEFAULT_GATE_RULE.safeForS, (n) => n >= 0 && n <= 30);
    const delayS = numberOpt(args, 'reaction-delay', 0.25, (n) => n >= 0 && n <= 2);
    const daggerDelayS = args.options.has('dagger-delay') ? numberOpt(args, 'dagger-delay', delayS, (n) => n >= 0 && n <= 2) : undefined;
    const alignLabelsS = numberOpt(args, 'align-labels', 0, (n) => n >= 0 && n <= 2);
    const requests = parseRequests(stringOpt(args, 'requests', 'off'));
    const takeoverTtcS = numberOpt(args, 'takeover-ttc', DEFAULT_GATE_RULE.takeoverTtcS, (n) => n > 0 && n <= 30);
    const repeats = numberOpt(args, 'repeats', 1, (n) => Number.isInteger(n) && n >= 1 && n <= 100);
    const only = args.options.has('replica') ? numberOpt(args, 'replica', 0, (n) => Number.isInteger(n) && n >= 0 && n <= 10_000) : null;
    if (only !== null && repeats > 1) throw new UsageError('--replica runs one replica; --repeats runs several: give one of them');
    const replicas = only !== null ? [only] : Array.from({ length: repeats }, (_, i) => i);
    const bar = progressBar(process.stderr, 1);
    const started = Date.now();
    const results: ExperimentResult[] = [];
    for (const [k, replica] of replicas.entries()) results.push(await runExperiment({
      world: world as WorldName, methods: methods as Method[], rounds, seed, episodesPerRound: episodes, episodeSeconds: seconds, evalEpisodes, evalSeconds,
      relabel: relabel ? { speed: relabelSpeed, preS: relabelPre } : undefined,
      daggerLabels: daggerLabels as DaggerLabels, hgWeighting: hgWeighting as WeightingScheme, requests, daggerDelayS, alignLabelsS,
      // Release must stay above takeover, or the gate would hand back into danger.
      operator: {
        delayS,
        gate: {
          takeoverTtcS, releaseTtcS: Math.max(DEFAULT_GATE_RULE.releaseTtcS, 2 * takeoverTtcS),
          takeoverClearM, releaseClearM: Math.max(DEFAULT_GATE_RULE.releaseClearM, 2 * takeoverClearM), safeForS,
        },
      },
      replica, train: ensembleTrainer({ epochs, seed: replicaSeed(seed, replica) }),
      onProgress: (p) => bar.update((k + p.done / Math.max(1, p.total)) / replicas.length,
        `${replicas.length > 1 ? `replica ${k + 1}/${replicas.length}: ` : ''}${p.method ?? 'demonstrations'} round ${p.round}: ${p.phase} (${p.done}/${p.total})`),
    }));
    bar.done(`done in ${Math.round((Date.now() - started) / 1000)} s`);
    const out = stringOpt(args, 'out', '');
    if (out) {
      await mkdir(resolve(out), { recursive: true });
      for (const r of results) await writeFile(join(resolve(out), `experiment-${world}-${seed}${r.replica ? `-r${r.replica}` : ''}.json`), JSON.stringify(r, null, 2));
    }
    if (results.length > 1) return printPooled(results, json);
    const result = results[0] as ExperimentResult;
    console.log(json ? JSON.stringify(result) : `${table(result)}\n${ordering(result.methods)}`);
    return 0;
  },
};

function parseRequests(v: string): ThresholdConfig | null {
  if (v === 'off') return null;
  if (v === 'calibrated') return { source: 'calibrated' };
  const rate = /^rate:(.+)$/.exec(v);
  const value = rate ? Number(rate[1]) : NaN;
  if (!(value > 0 && value < 1)) throw new UsageError(`--requests must be off, calibrated or rate:R with 0 < R < 1, got ${JSON.stringify(v)}`);
  return { source: 'rate', value };
}

async function readReplicas(files: string[]): Promise<ExperimentResult[]> {
  if (files.some((f) => !f)) throw new UsageError('--pool needs the replica files written by --out');
  const results: ExperimentResult[] = [];
  for (const f of files) {
    try {
      const r = JSON.parse(await readFile(f, 'utf8')) as ExperimentResult;
      if (typeof r.world !== 'string' || typeof r.seed !== 'number' || typeof r.methods !== 'object' || r.methods === null) throw new Error('not an experiment result');
      results.push(r);
    } catch (e) {
      throw new UsageError(`--pool: ${f}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return results;
}

function printPooled(results: ExperimentResult[], json: boolean): number {
  let pooled: PooledResult;
  try {
    pooled = poolReplicas(results);
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
  if (json) {
    console.log(JSON.stringify(pooled));
    return 0;
  }
  const ids = results.map((r) => r.replica ?? 0).join(', ');
  const body = table({ world: pooled.world, seed: pooled.seed, methods: pooled.methods, relabel: pooled.relabel, requests: pooled.requests }, `${pooled.repeats} replicas (${ids}) pooled; range: lowest and highest replica`);
  const spread = Object.entries(pooled.methods).map(([m, rows]) => {
    const last = rows?.at(-1);
    return last ? `  ${m.padEnd(17)} final failures/km ${last.failures_per_km.toFixed(2)} pooled, sd ${last.failures_per_km_sd.toFixed(2)}; replicas ${last.failures_per_km_replicas.map((v) => v.toFixed(1)).join(' / ')}` : '';
  });
  console.log([body, '', 'spread over replicas:', ...spread.filter(Boolean), ordering(pooled.methods)].join('\n'));
  return 0;
}

/** One line on whether the final round shows the HG-DAgger paper's ordering. */
function ordering(methods: ExperimentResult['methods']): string {
  const c = checkOrdering(methods);
  const say = (v: boolean | null, yes: string, no: string): string | null => (v === null ? null : v ? yes : no);
  const parts = [
    say(c.beatsBc, 'fewer failures/km than BC', 'NOT fewer failures/km than BC'),
    say(c.noWorseThanDagger, 'no more than DAgger', 'MORE than DAgger'),
    say(c.fewerLabelsThanDagger, 'fewer labels than DAgger', 'NOT fewer labels than DAgger'),
  ].filter((p): p is string => p !== null);
  return parts.length > 0 ? `HG-DAgger, final round: ${parts.join('; ')}` : '';
}

function table(r: ExperimentResult, subtitle?: string): string {
  const asks = r.requests !== undefined;
  const head = ['method', 'round', 'labels', 'episodes', 'km', 'coll/km', 'dep/km', 'fail', 'fail/km', subtitle ? 'range' : '95% CI', 'success', 'interv/min', ...(asks ? ['asks/min'] : []), 'operator s'];
  const rows: string[][] = [];
  for (const [method, list] of Object.entries(r.methods)) {
    for (const row of list ?? []) {
      rows.push([method, String(row.round), String(row.expert_labels), String(row.episodes), row.km.toFixed(2),
        row.collisions_per_km.toFixed(2), row.departures_per_km.toFixed(2), String(row.failures), row.failures_per_km.toFixed(2),
        `${row.failures_per_km_ci[0].toFixed(1)}-${row.failures_per_km_ci[1].toFixed(1)}`, `${Math.round(row.success_rate * 100)}%`, row.interventions_per_min.toFixed(2),
        ...(asks ? [(row.requests_per_min ?? 0).toFixed(2)] : []), row.operator_s.toFixed(0)]);
    }
  }
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const alert = r.requests ? `; HG-DAgger's doubt alert: ${r.requests.source === 'rate' ? `asks on ${(r.requests.value ?? 0) * 100}% of autonomous steps` : 'threshold calibrated on takeovers'}` : '';
  const lines = [`${r.world}, seed ${r.seed}${r.replica ? `, replica ${r.replica}` : ''}${subtitle ? ` (${subtitle})` : ''}${alert}`, line(head), ...rows.map(line)];
  const x = r.relabel;
  if (x) {
    lines.push('', `relabel at ${x.speed}x: ${x.passes} passes over ${x.relabelled_s.toFixed(1)} s of episodes; reaction time ${x.true_delay_ms} ms, measured ${x.measured_latency_ms.toFixed(0)} ms`,
      `alignment error vs the expert: ${x.alignment_error_ms_raw.toFixed(1)} ms as recorded, ${x.alignment_error_ms_compensated.toFixed(1)} ms compensated (control period ${x.control_period_ms} ms)`);
  }
  return lines.join('\n');
}
