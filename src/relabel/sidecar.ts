/**
 * The relabel sidecar: one append-only JSON-lines file beside each episode holding every
 * relabel pass made over it. Lines are only ever appended, so a crash can cost at most
 * the line being written: earlier passes and their statuses stay as they were.
 *
 *   {"kind":"pass", ...header}                     a pass begins
 *   {"kind":"samples","pass":id,"rows":[[wallMs,replayT,a0,a1,a2,a3,enable01],...]}
 *   {"kind":"end","pass":id,"samples":n}           the pass finished with n samples
 *   {"kind":"status","pass":id,"status":s}         accepted | discarded | pending; last wins
 *
 * A pass without its end line (or whose rows do not add up to n) reads as `incomplete`:
 * its samples are kept for a look, never trained on.
 */
import type { PassStatus } from '../app/contract-replay.ts';
import { headerOf, headerProblem, type RelabelPass, type RelabelPassHeader, type RelabelSample } from './pass.ts';
import type { SidecarFs } from './sidecar-fs.ts';

export type SettledStatus = Exclude<PassStatus, 'incomplete'>;
const SETTLED: readonly string[] = ['accepted', 'discarded', 'pending'] satisfies SettledStatus[];

/** The sidecar of an episode file: `x/ep.mcap` -> `x/ep.relabel.jsonl`. */
export function sidecarPath(episodeFile: string): string {
  if (!episodeFile.endsWith('.mcap')) throw new Error(`sidecarPath: expected an .mcap episode file, got ${JSON.stringify(episodeFile)}`);
  return `${episodeFile.slice(0, -'.mcap'.length)}.relabel.jsonl`;
}

const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;

export function encodeRow(s: RelabelSample): number[] {
  return [round6(s.wallMs), round6(s.replayT), ...s.action.map(round6), s.enable ? 1 : 0];
}

function decodeRow(row: unknown): RelabelSample | null {
  if (!Array.isArray(row) || row.length !== 7 || !row.every((v) => typeof v === 'number' && Number.isFinite(v))) return null;
  const [wallMs, replayT, a0, a1, a2, a3, enable] = row as number[];
  if (enable !== 0 && enable !== 1) return null;
  return { wallMs: wallMs as number, replayT: replayT as number, action: [a0 as number, a1 as number, a2 as number, a3 as number], enable: enable === 1 };
}

/**
 * Appends whole lines to one sidecar, one write at a time. After a failed or torn write
 * (or on first use, when the last session may have died mid-line) it checks the file
 * ends with a newline and starts a fresh line if not, so a new line never glues itself
 * onto a torn one.
 */
export class SidecarLog {
  private chain: Promise<unknown> = Promise.resolve();
  private atLineStart = false;

  constructor(readonly fs: SidecarFs, readonly path: string) {}

  /** Resolves once the lines are written (not yet synced); rejects with the write error. */
  append(records: readonly object[]): Promise<void> {
    const text = records.map((r) => `${JSON.stringify(r)}\n`).join('');
    return this.enqueue(() => this.write(text));
  }

  sync(): Promise<void> {
    return this.enqueue(() => this.fs.sync(this.path));
  }

  private enqueue(op: () => Promise<void>): Promise<void> {
    const run = this.chain.then(op);
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async write(text: string): Promise<void> {
    if (!this.atLineStart) {
      const now = await this.fs.readText(this.path);
      if (now && !now.endsWith('\n')) text = `\n${text}`;
    }
    this.atLineStart = false;
    await this.fs.append(this.path, text);
    this.atLineStart = true;
  }
}

/** Records the operator's verdict on a pass, durably. */
export async function writeStatus(log: SidecarLog, passId: string, status: SettledStatus): Promise<void> {
  if (!SETTLED.includes(status)) throw new Error(`writeStatus: status must be accepted, discarded or pending, got ${JSON.stringify(status)}`);
  await log.append([{ kind: 'status', pass: passId, status }]);
  await log.sync();
}

interface Building { header: RelabelPassHeader; samples: RelabelSample[]; ended: number | null; status: SettledStatus | null }

/** Reads every pass of a sidecar; damage is reported in `problems`, never thrown. */
export async function readSidecar(fs: SidecarFs, path: string): Promise<{ passes: RelabelPass[]; problems: string[] }> {
  const text = await fs.readText(path);
  const problems: string[] = [];
  const byId = new Map<string, Building>();
  const lines = text === null ? [] : text.split('\n');
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const where = `line ${i + 1}`;
    let rec: unknown;
    try {
      rec = JSON.parse(line);
    } catch {
      problems.push(`${where}: not a complete JSON line (torn write?), skipped`);
      return;
    }
    const problem = applyLine(rec, byId);
    if (problem) problems.push(`${where}: ${problem}`);
  });
  const passes = [...byId.values()].map((b): RelabelPass => {
    const complete = b.ended !== null && b.ended === b.samples.length;
    if (b.ended !== null && !complete) problems.push(`pass ${b.header.id}: end line says ${b.ended} samples, found ${b.samples.length}; treated as incomplete`);
    return { ...b.header, status: complete ? (b.status ?? 'pending') : 'incomplete', samples: b.samples };
  });
  return { passes, problems };
}

/** Folds one parsed line into the passes; returns what was wrong with it, if anything. */
function applyLine(rec: unknown, byId: Map<string, Building>): string | null {
  if (typeof rec !== 'object' || rec === null) return 'not an object, skipped';
  const r = rec as Record<string, unknown>;
  if (r.kind === 'pass') {
    const bad = headerProblem(r);
    if (bad) return `pass header: ${bad}, skipped`;
    const header = headerOf(r as unknown as RelabelPassHeader);
    if (byId.has(header.id)) return `pass ${header.id} begins a second time, skipped`;
    byId.set(header.id, { header, samples: [], ended: null, status: null });
    return null;
  }
  const pass = typeof r.pass === 'string' ? byId.get(r.pass) : undefined;
  if (!pass) return `${String(r.kind)} line for unknown pass ${JSON.stringify(r.pass)}, skipped`;
  switch (r.kind) {
    case 'samples': {
      if (pass.ended !== null) return `samples after the end of pass ${pass.header.id}, skipped`;
      if (!Array.isArray(r.rows)) return 'samples line without rows, skipped';
      const rows = r.rows.map(decodeRow);
      const good = rows.filter((s): s is RelabelSample => s !== null);
      pass.samples.push(...good);
      return good.length < rows.length ? `${rows.length - good.length} malformed sample rows of pass ${pass.header.id} skipped` : null;
    }
    case 'end':
      if (typeof r.samples !== 'number' || !Number.isInteger(r.samples) || r.samples < 0) return 'end line without a sample count, skipped';
      pass.ended = r.samples;
      return null;
    case 'status':
      if (typeof r.status !== 'string' || !SETTLED.includes(r.status)) return `unknown status ${JSON.stringify(r.status)}, skipped`;
      pass.status = r.status as SettledStatus;
      return null;
    default:
      return `unknown kind ${JSON.stringify(r.kind)}, skipped`;
  }
}
