import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { TextStore } from './text-store.ts';

/** Files in one folder, replaced atomically: temp file, fsync, rename. */
export class NodeTextStore implements TextStore {
  private writes = 0;
  /** Per file, the write in progress: two saves of one file land in the order asked. */
  private readonly chains = new Map<string, Promise<unknown>>();

  constructor(private readonly dir: string) {}

  async read(name: string): Promise<string | null> {
    try {
      return await readFile(join(this.dir, name), 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  write(name: string, text: string): Promise<void> {
    const run = (this.chains.get(name) ?? Promise.resolve()).catch(() => undefined).then(() => this.replace(name, text));
    this.chains.set(name, run);
    return run;
  }

  private async replace(name: string, text: string): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const target = join(this.dir, name);
    const temp = `${target}.${process.pid}.${++this.writes}.tmp`;
    const handle = await open(temp, 'w');
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, target);
  }
}
