/**
 * The file operations the relabel sidecar needs, small enough that tests can inject a
 * full disk or a torn write. The Node implementation is node-sidecar-fs.ts.
 */
export interface SidecarFs {
  /** Appends `text`, creating the file. A failure may leave a prefix of `text` written. */
  append(path: string, text: string): Promise<void>;
  /** Makes everything appended so far durable (fsync). */
  sync(path: string): Promise<void>;
  /** The whole file as UTF-8, or null when it does not exist. */
  readText(path: string): Promise<string | null>;
}
