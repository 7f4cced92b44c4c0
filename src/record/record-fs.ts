/**
 * The file operations recording needs, behind one small interface so that tests can
 * inject faults (a full disk, a failed rename, a crash between two steps). The Node
 * implementation lives beside it in node-record-fs.ts.
 */
export interface RecordFile {
  /** Writes all of `data` at the handle's position and advances it (short writes are retried). */
  write(data: Uint8Array): Promise<void>;
  /** Reads up to `length` bytes at `position`; fewer at the end of the file. */
  read(position: number, length: number): Promise<Uint8Array>;
  size(): Promise<number>;
  /** Cuts the file to `length` bytes and moves the write position there. */
  truncate(length: number): Promise<void>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

export interface RecordFs {
  /** Creates a new file for writing; `exclusive` fails if it exists, otherwise it is emptied. */
  create(path: string, exclusive?: boolean): Promise<RecordFile>;
  openRead(path: string): Promise<RecordFile>;
  rename(from: string, to: string): Promise<void>;
  remove(path: string): Promise<void>;
  exists(path: string): Promise<boolean>;
  /** Names in a folder; empty when the folder does not exist. */
  list(dir: string): Promise<string[]>;
  mkdir(dir: string): Promise<void>;
  /** Makes a rename inside `dir` durable; best effort where the platform cannot. */
  syncDir(dir: string): Promise<void>;
  readText(path: string): Promise<string | null>;
}

/** An errno-style code of a failed file operation, or null for other errors. */
export function errorCode(err: unknown): string | null {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : null;
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
