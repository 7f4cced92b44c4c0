import type { Clock } from '../../base/clock.ts';
import type { ClientBudget } from './budget.ts';
import type { OutFrame, Peer } from './peer.ts';

interface Request { throttleMs: number; queueLength: number }

/**
 * One client's subscription to one topic, possibly made by several subscribe ops.
 * As in rosbridge, the smallest throttle_rate and queue_length among them apply:
 * - throttle 0: every message goes out at once;
 * - throttle > 0, queue 0: a message inside the throttle window is dropped;
 * - throttle > 0, queue > 0: messages wait in a queue (oldest dropped when full) and
 *   leave one per throttle period.
 * The queue is also bounded in bytes, by its own cap and by the client's budget
 * (see budget.ts): past either, the oldest messages go, however long queue_length is.
 */
export class ClientSubscription {
  private readonly requests = new Map<string, Request>();
  private throttleMs = 0;
  private queueLength = 0;
  private lastSent = -Infinity;
  private queue: OutFrame[] = [];
  private queueBytes = 0;
  private cancelTimer: (() => void) | null = null;

  constructor(
    readonly peer: Peer,
    readonly wire: string,
    private readonly clock: Clock,
    private readonly budget: ClientBudget,
    private readonly maxQueueBytes: number,
  ) {}

  /** Messages waiting and their size, for tests and diagnostics. */
  get queued(): { messages: number; bytes: number } {
    return { messages: this.queue.length, bytes: this.queueBytes };
  }

  add(key: string, throttleMs: number, queueLength: number): void {
    this.requests.set(key, { throttleMs, queueLength });
    this.update();
  }

  /** Removes one request (or all, with `key` undefined); true when none is left. */
  remove(key: string | undefined): boolean {
    if (key === undefined) this.requests.clear();
    else this.requests.delete(key);
    if (this.requests.size === 0) {
      this.dispose();
      return true;
    }
    this.update();
    return false;
  }

  deliver(frame: OutFrame): void {
    if (this.throttleMs === 0) {
      this.send(frame);
    } else if (this.queueLength === 0 || (this.queue.length === 0 && !this.cancelTimer)) {
      // Nothing waits ahead of it: it goes now if the window allows, without being held.
      if (this.clock.now() - this.lastSent >= this.throttleMs) this.send(frame);
      else if (this.queueLength > 0) this.enqueue(frame);
    } else {
      this.enqueue(frame);
    }
  }

  dispose(): void {
    this.cancelTimer?.();
    this.cancelTimer = null;
    this.budget.release(this.queueBytes);
    this.queue = [];
    this.queueBytes = 0;
  }

  private enqueue(frame: OutFrame): void {
    this.queue.push(frame);
    this.queueBytes += frame.text.length;
    this.budget.take(frame.text.length);
    let overBytes = 0;
    while (this.queue.length > 0 && (this.queue.length > this.queueLength || this.queueBytes > this.maxQueueBytes || this.budget.over())) {
      if (this.queue.length <= this.queueLength) overBytes++;
      this.shift();
    }
    if (overBytes > 0) this.budget.dropped(overBytes, this.wire);
    this.pump();
  }

  private shift(): OutFrame | undefined {
    const head = this.queue.shift();
    if (head) {
      this.queueBytes -= head.text.length;
      this.budget.release(head.text.length);
    }
    return head;
  }

  private update(): void {
    const all = [...this.requests.values()];
    this.throttleMs = Math.min(...all.map((r) => r.throttleMs));
    this.queueLength = Math.min(...all.map((r) => r.queueLength));
    if (this.throttleMs === 0 || this.queueLength === 0) {
      // Settings no longer queue: what waited goes out now, as rosbridge flushes.
      this.cancelTimer?.();
      this.cancelTimer = null;
      for (let frame = this.shift(); frame; frame = this.shift()) this.send(frame);
    } else {
      while (this.queue.length > this.queueLength) this.shift();
    }
  }

  private pump(): void {
    if (this.cancelTimer || this.queue.length === 0) return;
    const wait = this.lastSent + this.throttleMs - this.clock.now();
    if (wait <= 0) {
      const head = this.shift();
      if (head) this.send(head);
      this.pump();
      return;
    }
    this.cancelTimer = this.clock.setTimeout(() => {
      this.cancelTimer = null;
      this.pump();
    }, wait);
  }

  private send(frame: OutFrame): void {
    this.lastSent = this.clock.now();
    this.peer.send(frame);
  }
}
