import type { McapEncoder, McapPiece } from './mcap-encoder.ts';
import { EPISODE_END_METADATA } from './episode-metadata.ts';
import type { RecordFile } from './record-fs.ts';

/**
 * An MCAP file being written: the encoder's pieces go to the file strictly in order and
 * are indexed only once written, so whatever happens the file can be cut back to its
 * last good piece and finished there.
 */
export class McapSink {
  private failed: McapPiece | null = null;
  private closed = false;
  private summaryBytes = 0;
  private syncing: Promise<void> | null = null;
  private syncAgain = false;
  private syncError: unknown = null;

  constructor(
    readonly encoder: McapEncoder,
    private readonly file: RecordFile,
    private readonly syncEachPiece: boolean,
  ) {}

  /** Bytes known to be in the file. */
  get bytes(): number {
    return this.encoder.offset + this.summaryBytes;
  }

  /** Writes pending records and the open chunk. On error the piece is kept for `salvage`. */
  async flush(): Promise<boolean> {
    if (this.syncError) throw this.syncError;
    const piece = this.encoder.take();
    if (!piece) return false;
    await this.put(piece);
    return true;
  }

  /** Writes everything left, the end record and the summary, then syncs and closes. */
  async finish(end: Map<string, string>): Promise<void> {
    await this.flush();
    this.encoder.addMetadata(EPISODE_END_METADATA, end);
    await this.flush();
    await this.writeSummary();
  }

  /**
   * After a failed write: cut the file back to its last good piece, retry what failed (a
   * transient error loses nothing), and finish it. If that fails too, finish it with only
   * what is already there. Returns false when not even that works (the disk is still full).
   * `end` is asked for the end record once the data is settled.
   */
  async salvage(end: () => Map<string, string>): Promise<boolean> {
    await this.syncing;
    // A failed background sync has been reported already; the data may still be finished.
    this.syncError = null;
    const attempts = [true, false];
    for (const retry of attempts) {
      try {
        await this.file.truncate(this.encoder.offset);
        if (retry && this.failed) await this.put(this.failed);
        this.failed = null;
        if (retry) await this.flush();
        else this.encoder.take();
        this.encoder.addMetadata(EPISODE_END_METADATA, end());
        await this.flush();
        await this.writeSummary();
        return true;
      } catch {
        // Fall through to the smaller attempt, then give up.
      }
    }
    await this.close().catch(() => undefined);
    return false;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.syncing;
    await this.file.close();
  }

  private async writeSummary(): Promise<void> {
    await this.syncing;
    if (this.syncError) throw this.syncError;
    const summary = this.encoder.finish();
    await this.file.write(summary);
    await this.file.sync();
    this.summaryBytes = summary.byteLength;
    await this.close();
  }

  private async put(piece: McapPiece): Promise<void> {
    try {
      await this.file.write(piece.bytes);
    } catch (err) {
      this.failed = piece;
      throw err;
    }
    this.encoder.commit(piece);
    if (this.syncEachPiece) this.syncInBackground();
  }

  /**
   * fsync runs beside the writes, one at a time, so a slow disk flush never holds back
   * the next chunk's write (which is what a killed process keeps). A failed sync fails
   * the next flush.
   */
  private syncInBackground(): void {
    if (this.syncing) {
      this.syncAgain = true;
      return;
    }
    this.syncing = (async () => {
      do {
        this.syncAgain = false;
        await this.file.sync();
      } while (this.syncAgain);
    })()
      .catch((err: unknown) => {
        this.syncError = err;
      })
      .finally(() => {
        this.syncing = null;
      });
  }
}
