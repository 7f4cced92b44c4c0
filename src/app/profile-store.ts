import type { RobotProfile } from './contract.ts';
import { exampleRobotProfile, validateProfile } from './profiles.ts';
import type { TextStore } from './text-store.ts';

const FILE = 'profiles.json';

export interface ProfileLoad {
  profiles: RobotProfile[];
  /** Entries that could not be read, each naming what was wrong; they are kept in a backup. */
  rejected: string[];
}

/** Saved robot profiles, one JSON file; a corrupt file is set aside, never overwritten silently. */
export class ProfileStore {
  private profiles: RobotProfile[] = [];

  constructor(private readonly store: TextStore) {}

  async load(): Promise<ProfileLoad> {
    const text = await this.store.read(FILE);
    if (text === null) {
      this.profiles = [exampleRobotProfile()];
      return { profiles: this.list(), rejected: [] };
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (err) {
      await this.store.write(`${FILE}.corrupt`, text);
      this.profiles = [exampleRobotProfile()];
      return { profiles: this.list(), rejected: [`${FILE} is not JSON (${(err as Error).message}); kept as ${FILE}.corrupt`] };
    }
    const rejected: string[] = [];
    const entries = Array.isArray(raw) ? raw : [];
    if (!Array.isArray(raw)) rejected.push(`${FILE} does not hold a list of profiles`);
    this.profiles = [];
    for (const [i, entry] of entries.entries()) {
      const p = validateProfile(entry);
      if (typeof p === 'string') rejected.push(`profile ${i + 1}: ${p}`);
      else this.profiles.push(p);
    }
    if (rejected.length > 0) await this.store.write(`${FILE}.corrupt`, text);
    return { profiles: this.list(), rejected };
  }

  list(): RobotProfile[] {
    return this.profiles.map((p) => structuredClone(p));
  }

  get(name: string): RobotProfile | undefined {
    const p = this.profiles.find((x) => x.name === name);
    return p && structuredClone(p);
  }

  async save(raw: unknown): Promise<RobotProfile | string> {
    const p = validateProfile(raw);
    if (typeof p === 'string') return p;
    const next = this.profiles.filter((x) => x.name !== p.name);
    next.push(p);
    next.sort((a, b) => a.name.localeCompare(b.name));
    await this.store.write(FILE, JSON.stringify(next, null, 2));
    this.profiles = next;
    return structuredClone(p);
  }

  async remove(name: string): Promise<boolean> {
    const next = this.profiles.filter((x) => x.name !== name);
    if (next.length === this.profiles.length) return false;
    await this.store.write(FILE, JSON.stringify(next, null, 2));
    this.profiles = next;
    return true;
  }
}
