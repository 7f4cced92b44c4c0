import { open, readFile } from 'node:fs/promises';
import type { SidecarFs } from './sidecar-fs.ts';

function isMissing(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === 'ENOENT';
}

/** Opens per call: a sidecar grows by a line or two a second, so handles are not worth keeping. */
export class NodeSidecarFs implements SidecarFs {
  async append(path: string, text: string): Promise<void> {
    const handle = await open(path, 'a');
    try {
      await handle.appendFile(text, 'utf8');
    } finally {
      await handle.close();
    }
  }

  async sync(path: string): Promise<void> {
    // Opened for appending: Windows will not flush a handle opened read-only.
    const handle = await open(path, 'a');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  async readText(path: string): Promise<string | null> {
    try {
      return await readFile(path, 'utf8');
    } catch (err) {
      if (isMissing(err)) return null;
      throw err;
    }
  }
}
