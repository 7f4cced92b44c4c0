import type { OpId } from './protocol.ts';

interface Pending { parts: Array<string | undefined>; received: number; bytes: number }

/**
 * Reassembles `fragment` ops into the frame they were cut from. Bounded: a client can
 * hold only a few partial messages, and none bigger than the frame size limit.
 */
export class FragmentAssembler {
  private readonly pending = new Map<OpId, Pending>();

  constructor(private readonly maxBytes: number, private readonly maxPending = 8) {}

  /** The whole text once the last piece arrives, null while waiting, or an error. */
  add(id: OpId, num: number, total: number, data: string): { text: string } | { error: string } | null {
    let p = this.pending.get(id);
    if (p && p.parts.length !== total) {
      this.pending.delete(id);
      return { error: `fragment ${JSON.stringify(id)}: total changed from ${p.parts.length} to ${total}` };
    }
    if (!p) {
      if (this.pending.size >= this.maxPending) {
        // Drop the oldest partial message rather than grow without bound.
        const oldest = this.pending.keys().next().value;
        if (oldest !== undefined) this.pending.delete(oldest);
      }
      p = { parts: new Array<string | undefined>(total), received: 0, bytes: 0 };
      this.pending.set(id, p);
    }
    if (p.parts[num] !== undefined) return null;
    p.bytes += data.length;
    if (p.bytes > this.maxBytes) {
      this.pending.delete(id);
      return { error: `fragment ${JSON.stringify(id)}: reassembled message exceeds ${this.maxBytes} bytes` };
    }
    p.parts[num] = data;
    p.received++;
    if (p.received < total) return null;
    this.pending.delete(id);
    return { text: p.parts.join('') };
  }

  clear(): void {
    this.pending.clear();
  }
}
