import type { RecordFile } from '../../src/record/record-fs.ts';
import { NodeRecordFs } from '../../src/record/node-record-fs.ts';

export const errno = (code: string, message = code) => Object.assign(new Error(`${code}: ${message}`), { code });

/**
 * The real file system with faults on demand: a full disk (writes put half their bytes
 * down and then fail with ENOSPC, as a real disk filling up does), a one-off I/O error,
 * a rename that "crashes", and a count of bytes read.
 */
export class FaultyFs extends NodeRecordFs {
  full = false;
  /** Fails the next write with EIO (once). */
  ioErrorOnce = false;
  /** Renames for which this returns true throw, as if the process died right before them. */
  failRename: (from: string, to: string) => boolean = () => false;
  bytesRead = 0;
  writes = 0;

  /** `noSync`: skip fsync, for tests that make many files and never test durability. */
  constructor(private readonly noSync = false) {
    super();
  }

  override async syncDir(dir: string): Promise<void> {
    if (!this.noSync) await super.syncDir(dir);
  }

  override async create(path: string, exclusive?: boolean): Promise<RecordFile> {
    if (this.full) throw errno('ENOSPC', `no space left on device, open '${path}'`);
    return this.wrap(await super.create(path, exclusive));
  }

  override async openRead(path: string): Promise<RecordFile> {
    return this.wrap(await super.openRead(path));
  }

  override async rename(from: string, to: string): Promise<void> {
    if (this.failRename(from, to)) throw errno('EKILLED', `simulated crash before renaming ${from}`);
    return super.rename(from, to);
  }

  private wrap(file: RecordFile): RecordFile {
    const wrapped: RecordFile = {
      write: async (data) => {
        this.writes++;
        if (this.ioErrorOnce) {
          this.ioErrorOnce = false;
          throw errno('EIO', 'i/o error');
        }
        if (this.full) {
          await file.write(data.subarray(0, data.byteLength >> 1));
          throw errno('ENOSPC', 'no space left on device');
        }
        return file.write(data);
      },
      read: async (position, length) => {
        const bytes = await file.read(position, length);
        this.bytesRead += bytes.byteLength;
        return bytes;
      },
      size: () => file.size(),
      truncate: (n) => file.truncate(n),
      sync: () => (this.noSync ? Promise.resolve() : file.sync()),
      close: () => file.close(),
    };
    return wrapped;
  }
}
