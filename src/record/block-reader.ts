import type { RecordFile } from './record-fs.ts';

const BLOCK = 1 << 20;

/**
 * Serves small sequential reads (a scan's record framing and records) from one cached
 * block, so scanning a file costs a read per megabyte rather than two per record.
 */
export class BlockReader {
  private start = 0;
  private block: Uint8Array = new Uint8Array(0);

  constructor(private readonly file: RecordFile) {}

  async read(position: number, length: number): Promise<Uint8Array> {
    if (length > BLOCK) return this.file.read(position, length);
    if (position < this.start || position + length > this.start + this.block.byteLength) {
      this.start = position;
      this.block = await this.file.read(position, BLOCK);
    }
    const from = position - this.start;
    return this.block.subarray(from, Math.min(from + length, this.block.byteLength));
  }
}
