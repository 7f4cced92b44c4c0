import { join, relative, sep } from 'node:path';
import { systemClock, type Clock } from '../base/clock.ts';
import { Emitter } from '../base/emitter.ts';
import type { EpisodeEntry, Manifest, Outcome } from './dataset-types.ts';
import { entryFromFile, entryFromSummary } from './dataset-entry.ts';
import { recoverDataset, type RecoverAllProgress } from './dataset-recover.ts';
import type { EpisodeSummary } from './episode-writer.ts';
import { parseEntry, parseManifest, serializeManifest } from './manifest.ts';
import { nodeRecordFs } from './node-record-fs.ts';
import { errorText, type RecordFs } from './record-fs.ts';
import type { RecoveryReport } from './recover.ts';

export type { RecoverAllProgress };

export interface DatasetOptions {
  fs?: RecordFs;
  clock?: Clock;
  /** Create the folder and its layout when missing (default true). */
  create?: boolean;
}

const MANIFEST = 'manifest.json';

/**
 * A dataset folder: `episodes/`, `models/`, `quarantine/` and `manifest.json`. The manifest
 * is replaced atomically and names only finished files; nothing is ever deleted, only
 * moved to quarantine and back.
 */
export class Dataset {
  readonly episodesDir: string;
  readonly modelsDir: string;
  readonly quarantineDir: string;
  readonly manifestPath: string;
  /** What opening had to repair, one line each (shown to the user). */
  readonly notices: string[] = [];
  private manifest: Manifest;
  private saving: Promise<void> = Promise.resolve();
  private readonly changed = new Emitter<EpisodeEntry[]>();

  static async open(root: string, options: DatasetOptions = {}): Promise<Dataset> {
    const fs = options.fs ?? nodeRecordFs;
    const clock = options.clock ?? systemClock;
    const text = await fs.readText(join(root, MANIFEST)).catch((err: unknown) => {
      if ((err as { code?: string }).code === 'EISDIR') throw new Error(`${join(root, MANIFEST)} is a folder`);
      throw err;
    });
    if (options.create === false && text === null && !(await fs.exists(join(root, 'episodes')))) {
      throw new Error(`${root} is not a dataset (no manifest.json or episodes/ in it)`);
    }
    for (const dir of ['episodes', 'models', 'quarantine']) await fs.mkdir(join(root, dir));
    const empty: Manifest = { version: 1, created: new Date(clock.wallMs()).toISOString(), episodes: [] };
    const ds = new Dataset(root, fs, empty);
    await ds.load(text);
    return ds;
  }

  private constructor(readonly root: string, private readonly fs: RecordFs, manifest: Manifest) {
    this.episodesDir = join(root, 'episodes');
    this.modelsDir = join(root, 'models');
    this.quarantineDir = join(root, 'quarantine');
    this.manifestPath = join(root, MANIFEST);
    this.manifest = manifest;
  }

  /** Episodes sorted by start time (copies). */
  list(): EpisodeEntry[] {
    return this.manifest.episodes.map((e) => ({ ...e })).sort((a, b) => a.start.localeCompare(b.start) || a.id.localeCompare(b.id));
  }

  get(id: string): EpisodeEntry | undefined {
    const e = this.find(id);
    return e ? { ...e } : undefined;
  }

  /** Adds or replaces an entry. The file must be a finished episode under the root. */
  async add(entry: EpisodeEntry): Promise<void> {
    const checked = parseEntry(entry);
    if (typeof checked === 'string') throw new Error(`Dataset.add: ${checked}`);
    const i = this.manifest.episodes.findIndex((e) => e.id === entry.id);
    if (i >= 0) this.manifest.episodes[i] = checked;
    else this.manifest.episodes.push(checked);
    await this.save();
  }

  /**
   * Adds the episode a writer just closed. An episode that could not be finished (still
   * `.partial`) is not added: recovery adds it at the next start. Returns the entry or null.
   */
  async addEpisode(summary: EpisodeSummary): Promise<EpisodeEntry | null> {
    if (summary.file.endsWith('.partial')) return null;
    const file = relative(this.root, summary.file).split(sep).join('/');
    const entry = summary.complete ? entryFromSummary(summary, file) : await entryFromFile(this.root, file, this.fs);
    await this.add(entry);
    return { ...entry };
  }

  async update(id: string, change: { outcome?: Outcome | null; notes?: string }): Promise<EpisodeEntry> {
    const e = this.need(id);
    if (change.outcome !== undefined) e.outcome = change.outcome;
    if (change.notes !== undefined) e.notes = change.notes;
    await this.save();
    return { ...e };
  }

  /** Moves the episode's file to quarantine/: kept on disk, never used for training. */
  quarantine(id: string): Promise<EpisodeEntry> {
    return this.move(id, true);
  }

  restore(id: string): Promise<EpisodeEntry> {
    return this.move(id, false);
  }

  /** The round after the highest one so far (0 for an empty dataset: demonstrations). */
  nextRound(): number {
    return this.manifest.episodes.reduce((m, e) => Math.max(m, e.round + 1), 0);
  }

  /** A new episode id from the wall clock, unused in this dataset. */
  async newEpisodeId(wallMs: number): Promise<string> {
    const stamp = new Date(wallMs).toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
    for (let n = 0; ; n++) {
      const id = n === 0 ? `ep-${stamp}` : `ep-${stamp}-${n}`;
      const taken = this.find(id) || (await this.fs.exists(join(this.episodesDir, `${id}.mcap`))) || (await this.fs.exists(join(this.episodesDir, `${id}.mcap.partial`)));
      if (!taken) return id;
    }
  }

  /** Recovers unfinished episodes and adopts finished files the manifest lacks. */
  recoverAll(progress?: (p: RecoverAllProgress) => void): Promise<RecoveryReport[]> {
    return recoverDataset(this, this.fs, progress);
  }

  onChange(listener: (episodes: EpisodeEntry[]) => void): () => void {
    return this.changed.on(listener);
  }

  dispose(): void {
    this.changed.dispose();
  }

  /** Waits for pending manifest writes (they are made one at a time, in order). */
  flushed(): Promise<void> {
    return this.saving;
  }

  private find(id: string): EpisodeEntry | undefined {
    return this.manifest.episodes.find((e) => e.id === id);
  }

  private need(id: string): EpisodeEntry {
    const e = this.find(id);
    if (!e) throw new Error(`no episode ${JSON.stringify(id)} in ${this.root}`);
    return e;
  }

  private async move(id: string, toQuarantine: boolean): Promise<EpisodeEntry> {
    const e = this.need(id);
    const name = e.file.split('/').at(-1)!;
    const target = `${toQuarantine ? 'quarantine' : 'episodes'}/${name}`;
    if (e.file !== target) {
      await this.fs.rename(join(this.root, e.file), join(this.root, target));
      // Relabel passes live beside their episode (x.relabel.jsonl) and travel with it.
      const sidecar = (file: string) => join(this.root, file.replace(/\.mcap$/, '.relabel.jsonl'));
      if (e.file.endsWith('.mcap') && await this.fs.exists(sidecar(e.file))) await this.fs.rename(sidecar(e.file), sidecar(target));
      await this.fs.syncDir(join(this.root, toQuarantine ? 'quarantine' : 'episodes'));
    }
    e.file = target;
    e.quarantined = toQuarantine;
    await this.save();
    return { ...e };
  }

  private save(): Promise<void> {
    const text = serializeManifest(this.manifest);
    const write = () => this.writeAtomic(text);
    this.saving = this.saving.then(write, write);
    this.changed.fire(this.list());
    return this.saving;
  }

  private async writeAtomic(text: string): Promise<void> {
    const temp = `${this.manifestPath}.tmp`;
    const file = await this.fs.create(temp);
    try {
      await file.write(new TextEncoder().encode(text));
      await file.sync();
    } finally {
      await file.close();
    }
    await this.fs.rename(temp, this.manifestPath);
    await this.fs.syncDir(this.root);
  }

  private async load(text: string | null): Promise<void> {
    await this.fs.remove(`${this.manifestPath}.tmp`);
    if (text === null) {
      await this.rebuild([]);
      if (this.manifest.episodes.length > 0) this.notices.push(`${this.manifestPath} was missing; rebuilt it from ${this.manifest.episodes.length} episode files`);
      await this.save();
      return;
    }
    const parsed = parseManifest(text);
    if (parsed.ok) {
      this.manifest = parsed.manifest;
      if (await this.reconcile()) await this.save();
      return;
    }
    const aside = await this.setAside();
    await this.rebuild(parsed.salvage);
    this.notices.push(`${this.manifestPath} was damaged (${parsed.reason}); kept it as ${aside} and rebuilt the manifest from ${this.manifest.episodes.length} episode files`);
    await this.save();
  }

  private async setAside(): Promise<string> {
    for (let n = 0; ; n++) {
      const aside = `${this.manifestPath}.corrupt${n === 0 ? '' : `.${n}`}`;
      if (!(await this.fs.exists(aside))) {
        await this.fs.rename(this.manifestPath, aside);
        return aside;
      }
    }
  }

  /** Builds entries from the finished files present, keeping notes and tags of `salvage`. */
  private async rebuild(salvage: readonly EpisodeEntry[]): Promise<void> {
    const episodes: EpisodeEntry[] = [];
    for (const dir of ['episodes', 'quarantine']) {
      for (const name of (await this.fs.list(join(this.root, dir))).filter((n) => n.endsWith('.mcap')).sort()) {
        try {
          const entry = await entryFromFile(this.root, `${dir}/${name}`, this.fs);
          const old = salvage.find((e) => e.id === entry.id);
          episodes.push(old ? { ...entry, notes: old.notes, outcome: old.outcome ?? entry.outcome } : entry);
        } catch (err) {
          this.notices.push(`${dir}/${name} could not be read (${errorText(err)}); left out of the manifest`);
        }
      }
    }
    this.manifest.episodes = episodes;
  }

  /** Follows files moved between episodes/ and quarantine/ by an interrupted move. */
  private async reconcile(): Promise<boolean> {
    let changed = false;
    for (const e of this.manifest.episodes) {
      if (await this.fs.exists(join(this.root, e.file))) continue;
      const name = e.file.split('/').at(-1)!;
      const other = e.file.startsWith('quarantine/') ? `episodes/${name}` : `quarantine/${name}`;
      if (await this.fs.exists(join(this.root, other))) {
        e.file = other;
        e.quarantined = other.startsWith('quarantine/');
        changed = true;
      } else {
        this.notices.push(`episode ${e.id}: its file ${e.file} is missing`);
      }
    }
    return changed;
  }
}
