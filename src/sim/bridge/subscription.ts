import type { Clock } from '../../base/clock.ts';
import type { OutFrame, Peer } from './peer.ts';

interface Request { throttleMs: number; queueLength: number }

/**
 * One client's subscription to one topic, possibly made by several subscribe ops.
 * As in rosbridge, the smallest throttle_rate and queue_length among them apply:
 * - throttle 0: every message goes out at once;
 * - throttle > 0, queue 0: a message inside the throttle window is dropped;
 * - throttle > 0, queue > 0: messages wait in a queue (oldest dropped when full) and
 *   leave one per throttle period.
 */
export class ClientSubscription {
  private readonly requests = new Map<string, Request>();
  private throttleMs = 0;
  private queueLength = 0;
  private lastSent = -Infinity;
  private queue: OutFrame[] = [];
  private cancelTimer: (() => void) | null = null;

  constructor(readonly peer: Peer, readonly wire: string, private readonly clock: Clock) {}

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
    } else if (this.queueLength === 0) {
      if (this.clock.now() - this.lastSent >= this.throttleMs) this.send(frame);
    } else {
      this.queue.push(frame);
      if (this.queue.length > this.queueLength) this.queue.shift();
      this.pump();
    }
  }

  dispose(): void {
    this.cancelTimer?.();
    this.cancelTimer = null;
    this.queue = [];
  }

  private update(): void {
    const all = [...this.requests.values()];
    this.throttleMs = Math.min(...all.map((r) => r.throttleMs));
    this.queueLength = Math.min(...all.map((r) => r.queueLength));
    if (this.throttleMs === 0 || this.queueLength === 0) {
      // Settings no longer queue: what waited goes out now, as rosbridge flushes.
      const waiting = this.queue;
      this.queue = [];
      this.cancelTimer?.();
      this.cancelTimer = null;
      for (const frame of waiting) this.send(frame);
    } else if (this.queue.length > this.queueLength) {
      this.queue.splice(0, this.queue.length - this.queueLength);
    }
  }

  private pump(): void {
    if (this.cancelTimer) return;
    const head = this.queue[0];
    if (!head) return;
    const wait = this.lastSent + this.throttleMs - this.clock.now();
    if (wait <= 0) {
      this.queue.shift();
      this.send(head);
      if (this.queue.length > 0) this.pump();
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
