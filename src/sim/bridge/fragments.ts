import type { OpId } from './protocol.ts';

interface Pending { parts: Array<string | undefined>; received: number; bytes: number }

/**
 * Reassembles `fragment` ops into the frame they were cut from. Bounded: a client can
 * hold only a few partial messages, together no bigger than the frame size limit.
 */
export class FragmentAssembler {
  private readonly pending = new Map<OpId, Pending>();
  private heldBytes = 0;

  constructor(private readonly maxBytes: number, private readonly maxPending = 8) {}

  /** The whole text once the last piece arrives, null while waiting, or an error. */
  add(id: OpId, num: number, total: number, data: string): { text: string } | { error: string } | null {
    let p = this.pending.get(id);
    if (p && p.parts.length !== total) {
      this.forget(id);
      return { error: `fragment ${JSON.stringify(id)}: total changed from ${p.parts.length} to ${total}` };
    }
    if (!p) {
      // Drop the oldest partial message rather than grow without bound.
      if (this.pending.size >= this.maxPending) this.dropOldest();
      p = { parts: new Array<string | undefined>(total), received: 0, bytes: 0 };
      this.pending.set(id, p);
    }
    if (p.parts[num] !== undefined) return null;
    if (p.bytes + data.length > this.maxBytes) {
      this.forget(id);
      return { error: `fragment ${JSON.stringify(id)}: reassembled message exceeds ${this.maxBytes} bytes` };
    }
    // Older partial messages give way before this one would take the total past the limit.
    for (const other of [...this.pending.keys()]) {
      if (this.heldBytes + data.length <= this.maxBytes) break;
      if (other !== id) this.forget(other);
    }
    p.bytes += data.length;
    this.heldBytes += data.length;
    p.parts[num] = data;
    p.received++;
    if (p.received < total) return null;
    this.forget(id);
    return { text: p.parts.join('') };
  }

  /** Characters held in partial messages, for tests. */
  get held(): number {
    return this.heldBytes;
  }

  clear(): void {
    this.pending.clear();
    this.heldBytes = 0;
  }

  private dropOldest(): void {
    const oldest = this.pending.keys().next().value;
    if (oldest !== undefined) this.forget(oldest);
  }

  private forget(id: OpId): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.heldBytes -= p.bytes;
    this.pending.delete(id);
  }
}
