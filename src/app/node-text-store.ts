import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { TextStore } from './text-store.ts';

/** Files in one folder, replaced atomically: temp file, fsync, rename. */
export class NodeTextStore implements TextStore {
  constructor(private readonly dir: string) {}

  async read(name: string): Promise<string | null> {
    try {
      return await readFile(join(this.dir, name), 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  async write(name: string, text: string): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const target = join(this.dir, name);
    const temp = `${target}.${process.pid}.tmp`;
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
