/** Where the app keeps small documents (profiles, settings). Writes must be atomic. */
export interface TextStore {
  read(name: string): Promise<string | null>;
  write(name: string, text: string): Promise<void>;
}

/** In-memory store, for tests and for runs that must leave nothing on disk. */
export class MemoryTextStore implements TextStore {
  readonly files = new Map<string, string>();
  async read(name: string): Promise<string | null> {
    return this.files.get(name) ?? null;
  }
  async write(name: string, text: string): Promise<void> {
    this.files.set(name, text);
  }
}
