import type { Peer } from './peer.ts';

/**
 * What the bridge may hold in memory on a client's behalf. Sizes are the length of the
 * JSON text the broker already produced (UTF-8 bytes for ASCII), so measuring costs
 * nothing on the delivery path.
 *
 * Policy when a limit is reached:
 * - a subscription queue drops its oldest messages (counted in `queueDrops`, logged on
 *   the first drop and every thousandth after): a slow or throttled reader is normal, so
 *   this never disconnects anyone;
 * - a latch that is too big or does not fit the owner's budget is refused: the message
 *   still reaches current subscribers, is not kept for late ones, and the frame counts
 *   as rejected; a client that keeps doing so falls under the usual rule that too many
 *   rejected frames per second close the connection (1008).
 */
export interface BridgeLimits {
  /** Queued plus latched bytes one client may hold (default 64 MiB). */
  clientBytes: number;
  /** The largest message a client may latch (default 4 MiB). */
  latchBytes: number;
  /** Bytes one subscription's queue may hold (default 16 MiB, the default frame limit). */
  queueBytes: number;
}

const MiB = 1024 * 1024;
export const DEFAULT_LIMITS: Readonly<BridgeLimits> = { clientBytes: 64 * MiB, latchBytes: 4 * MiB, queueBytes: 16 * MiB };

export function bridgeLimits(overrides: Partial<BridgeLimits> = {}): BridgeLimits {
  const limits = { ...DEFAULT_LIMITS, ...overrides };
  for (const [name, v] of Object.entries(limits)) {
    if (!Number.isSafeInteger(v) || v <= 0) throw new Error(`bridgeLimits: ${name} must be a positive integer, got ${String(v)}`);
  }
  return limits;
}

/** Broker-wide totals, kept across disconnects. */
export class BudgetLedger {
  retainedBytes = 0;
  queueDrops = 0;
  private readonly clients = new Map<Peer, ClientBudget>();

  constructor(readonly limits: BridgeLimits) {}

  of(peer: Peer): ClientBudget {
    let budget = this.clients.get(peer);
    if (!budget) this.clients.set(peer, (budget = new ClientBudget(peer, this)));
    return budget;
  }

  forget(peer: Peer): void {
    this.clients.delete(peer);
  }
}

/** One client's share: every byte taken is given back when its queue entry or latch goes. */
export class ClientBudget {
  private used = 0;
  private drops = 0;

  constructor(readonly peer: Peer, private readonly ledger: BudgetLedger) {}

  get bytes(): number {
    return this.used;
  }

  get limit(): number {
    return this.ledger.limits.clientBytes;
  }

  fits(bytes: number): boolean {
    return this.used + bytes <= this.limit;
  }

  over(): boolean {
    return this.used > this.limit;
  }

  take(bytes: number): void {
    this.used += bytes;
    this.ledger.retainedBytes += bytes;
  }

  release(bytes: number): void {
    this.used -= bytes;
    this.ledger.retainedBytes -= bytes;
  }

  dropped(count: number, wire: string): void {
    const before = this.drops;
    this.drops += count;
    this.ledger.queueDrops += count;
    if (before === 0 || Math.floor(before / 1000) !== Math.floor(this.drops / 1000)) {
      this.peer.note?.(`queue of ${wire} over its byte limit: dropped the oldest ${count} message(s), ${this.drops} so far ` +
        `(per subscription ${this.ledger.limits.queueBytes} bytes, per client ${this.limit} bytes)`);
    }
  }
}
