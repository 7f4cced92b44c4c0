import { open, readdir, mkdir, readFile, rename, rm, stat } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import type { RecordFile, RecordFs } from './record-fs.ts';
import { errorCode } from './record-fs.ts';

class NodeRecordFile implements RecordFile {
  private position = 0;

  constructor(private readonly handle: FileHandle) {}

  async write(data: Uint8Array): Promise<void> {
    let done = 0;
    while (done < data.byteLength) {
      const { bytesWritten } = await this.handle.write(data, done, data.byteLength - done, this.position);
      if (bytesWritten <= 0) throw Object.assign(new Error('write made no progress'), { code: 'EIO' });
      done += bytesWritten;
      this.position += bytesWritten;
    }
  }

  async read(position: number, length: number): Promise<Uint8Array> {
    const buffer = new Uint8Array(length);
    let got = 0;
    while (got < length) {
      const { bytesRead } = await this.handle.read(buffer, got, length - got, position + got);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    return got === length ? buffer : buffer.subarray(0, got);
  }

  async size(): Promise<number> {
    return (await this.handle.stat()).size;
  }

  async truncate(length: number): Promise<void> {
    await this.handle.truncate(length);
    this.position = length;
  }

  sync(): Promise<void> {
    return this.handle.sync();
  }

  close(): Promise<void> {
    return this.handle.close();
  }
}

export class NodeRecordFs implements RecordFs {
  async create(path: string, exclusive = false): Promise<RecordFile> {
    return new NodeRecordFile(await open(path, exclusive ? 'wx' : 'w'));
  }

  async openRead(path: string): Promise<RecordFile> {
    return new NodeRecordFile(await open(path, 'r'));
  }

  rename(from: string, to: string): Promise<void> {
    return rename(from, to);
  }

  remove(path: string): Promise<void> {
    return rm(path, { force: true, recursive: true });
  }

  async exists(path: string): Promise<boolean> {
    try {
      await stat(path);
      return true;
    } catch (err) {
      if (errorCode(err) === 'ENOENT') return false;
      throw err;
    }
  }

  async list(dir: string): Promise<string[]> {
    try {
      return await readdir(dir);
    } catch (err) {
      if (errorCode(err) === 'ENOENT') return [];
      throw err;
    }
  }

  async mkdir(dir: string): Promise<void> {
    await mkdir(dir, { recursive: true });
  }

  async syncDir(dir: string): Promise<void> {
    // Windows cannot open a folder for fsync; there a rename is as durable as it gets.
    if (process.platform === 'win32') return;
    let handle: FileHandle | null = null;
    try {
      handle = await open(dir, 'r');
      await handle.sync();
    } catch {
      // Best effort: some filesystems refuse fsync on folders.
    } finally {
      await handle?.close();
    }
  }

  async readText(path: string): Promise<string | null> {
    try {
      return await readFile(path, 'utf8');
    } catch (err) {
      if (errorCode(err) === 'ENOENT') return null;
      throw err;
    }
  }
}

export const nodeRecordFs: RecordFs = new NodeRecordFs();
