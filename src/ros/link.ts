/**
 * The app's one connection to a rosbridge server: connects, reconnects with backoff, and
 * keeps subscriptions, advertisements and service calls working across reconnects.
 *
 * What it assumes of the server (a stock rosbridge_server, ROS 1 or ROS 2, or our
 * simulator): rosbridge v2 JSON text frames over a plain WebSocket; it accepts
 * `subscribe {id, topic, type, throttle_rate, queue_length, compression: "none"}`,
 * `advertise {id, topic, type, latch, queue_size}`, `publish {id, topic, msg}`,
 * `unsubscribe`/`unadvertise` with the id used before, and
 * `call_service {id, service, type, args, timeout}`; it answers with `publish {topic,
 * msg}` deliveries and `service_response {id, values, result}`. Types may be given as
 * `pkg/Type` or `pkg/msg/Type`; both are passed through as given. It needs no rosapi,
 * sends no `status` messages that we depend on, and forgets a client's subscriptions
 * when its socket closes, so each connection starts from nothing.
 *
 * roslib itself does not reconnect, and its Topic re-send on reconnect is unsafe for
 * driving (checked against roslib 2.1): it replays every publish made while down, sends
 * a subscribe twice if the first attempt failed, and re-sends only one of subscribe and
 * advertise for a Topic doing both. So every connection gets a fresh roslib `Ros` with
 * its own Topics, bound by TopicRegistry once the socket is up and dropped with it.
 *
 * A link that stalls without closing (Wi-Fi gone) is caught by the transport's WebSocket
 * pings (`stallTimeoutMs`) and ends like any lost connection: onDown, then reconnecting.
 */
import type { Clock } from '../base/clock.ts';
import { Emitter } from '../base/emitter.ts';
import { ProblemSet } from '../base/problem.ts';
import type { LinkStatus } from '../app/contract.ts';
import { Backoff } from './backoff.ts';
import type { BackoffOptions } from './backoff.ts';
import { LINK_PROBLEM, MalformedReport, describeBadUrl, describeConnectFailure, describeDrop, isWebSocketUrl } from './link-problems.ts';
import { Ros } from './roslib.ts';
import { ServiceCalls } from './service-calls.ts';
import { TopicRegistry } from './topic-registry.ts';
import type { AdvertiseOptions, Publisher, SubscribeOptions } from './topic-registry.ts';
import { DEFAULT_PING_INTERVAL_MS, DEFAULT_STALL_TIMEOUT_MS, checkLiveness, openWsTransport } from './transport.ts';
import type { CloseInfo, LinkTransport, OpenTransport, SentInfo } from './transport.ts';

export interface LinkState {
  status: LinkStatus;
  url: string;
  /** Connection attempts since the last success (0 while connected). */
  attempt: number;
  /** Ms until the next attempt while waiting to reconnect, else null. */
  retryInMs: number | null;
  lastError: string | null;
}

export interface DownInfo {
  /** True when the app asked for it (disconnect, dispose, switching URL). */
  expected: boolean;
  reason: string;
}

export interface RosLinkOptions {
  clock: Clock;
  /** Shared with the app; the link's keys start with `link.`. */
  problems?: ProblemSet;
  connectTimeoutMs?: number;
  backoff?: BackoffOptions;
  /** Connected this long, the backoff starts over at its first delay. */
  stableMs?: number;
  /** Give up (status 'failed') after this many attempts in a row; default never. */
  maxAttempts?: number;
  /** WebSocket ping period while connected (default 250 ms). */
  pingIntervalMs?: number;
  /**
   * Nothing heard from the server this long (no pong, no frame) means the link has stalled
   * without closing (Wi-Fi gone): it is reset and reported down (default 1000 ms; 0 = off).
   */
  stallTimeoutMs?: number;
  /** Publishers with `dropWhenBacklogged` drop messages while more than this is unsent (default 8 KiB). */
  maxBacklogBytes?: number;
  /** Replaces the WebSocket transport (tests, other carriers). */
  openTransport?: OpenTransport;
}

interface Session {
  readonly ros: Ros;
  readonly transport: LinkTransport;
  up: boolean;
  readonly release: Array<() => void>;
}

export class RosLink {
  readonly problems: ProblemSet;
  private readonly clock: Clock;
  private readonly ownsProblems: boolean;
  private readonly openTransport: OpenTransport;
  private readonly backoff: Backoff;
  private readonly stableMs: number;
  private readonly maxAttempts: number;
  private readonly registry: TopicRegistry;
  private readonly services: ServiceCalls;
  private readonly statusEmitter = new Emitter<LinkState>();
  private readonly upEmitter = new Emitter<void>();
  private readonly downEmitter = new Emitter<DownInfo>();
  private readonly sentEmitter = new Emitter<SentInfo>();
  private readonly deliveredEmitter = new Emitter<string>();
  private url = '';
  private status: LinkStatus = 'idle';
  private attempt = 0;
  private retryAt: number | null = null;
  private lastError: string | null = null;
  private session: Session | null = null;
  private cancelRetry: (() => void) | null = null;
  private cancelStable: (() => void) | null = null;
  private readonly malformed: MalformedReport;
  private disposed = false;

  constructor(options: RosLinkOptions) {
    this.clock = options.clock;
    this.ownsProblems = !options.problems;
    this.problems = options.problems ?? new ProblemSet(() => this.clock.now());
    const { connectTimeoutMs = 5000, pingIntervalMs = DEFAULT_PING_INTERVAL_MS, stallTimeoutMs = DEFAULT_STALL_TIMEOUT_MS } = options;
    checkLiveness(pingIntervalMs, stallTimeoutMs);
    this.openTransport = options.openTransport
      ?? ((url) => openWsTransport(url, { clock: this.clock, connectTimeoutMs, pingIntervalMs, stallTimeoutMs }));
    this.backoff = new Backoff(options.backoff);
    this.stableMs = options.stableMs ?? 5000;
    this.maxAttempts = options.maxAttempts ?? Infinity;
    this.registry = new TopicRegistry({
      handlerFailed: (topic, err) => this.problems.raise({
        key: `${LINK_PROBLEM.handler}:${topic}`,
        severity: 'error',
        message: `The handler for ${topic} threw: ${err instanceof Error ? err.message : String(err)}`,
        hint: 'This is a bug in Intervene; messages on this topic may be ignored. Please report it.',
      }),
    }, { problems: this.problems, now: () => this.clock.now(), maxBytes: options.maxBacklogBytes });
    this.services = new ServiceCalls(this.clock);
    this.malformed = new MalformedReport(this.clock, this.problems);
  }

  get isUp(): boolean {
    return this.session?.up ?? false;
  }

  state(): LinkState {
    const retryInMs = this.retryAt === null ? null : Math.max(0, this.retryAt - this.clock.now());
    return { status: this.status, url: this.url, attempt: this.attempt, retryInMs, lastError: this.lastError };
  }

  /** Frames from the server that were not rosbridge v2 and were dropped, since `connect`. */
  get malformedFrames(): number {
    return this.malformed.count;
  }

  /** Commands (`dropWhenBacklogged` publishes) dropped because the socket was backlogged, since `connect`. */
  get droppedCommands(): number {
    return this.registry.droppedCommands;
  }

  /** Connects to `url` and keeps reconnecting; while reconnecting to the same URL, tries now. */
  connect(url: string): void {
    if (this.disposed) throw new Error('RosLink.connect: the link is disposed');
    if (url === this.url && (this.status === 'connected' || this.session)) return;
    if (url === this.url && this.status === 'reconnecting') {
      this.stopRetry();
      return this.tryConnect();
    }
    this.stop('switching to another server');
    this.url = url;
    this.attempt = 0;
    this.lastError = null;
    this.malformed.reset();
    this.registry.resetDropCount();
    this.backoff.reset();
    this.problems.clearPrefix('link.');
    if (!isWebSocketUrl(url)) {
      const problem = describeBadUrl(url);
      this.problems.raise(problem);
      this.lastError = problem.message;
      return this.setStatus('failed');
    }
    this.tryConnect();
  }

  /** Closes the connection and stops reconnecting; subscriptions stay registered for the next `connect`. */
  disconnect(): void {
    this.stop('disconnected by the app');
    this.problems.clearPrefix('link.');
    if (this.status !== 'idle') this.setStatus('idle');
  }

  /** Subscribes now and after every reconnect; returns the unsubscribe. */
  subscribe(topic: string, type: string, handler: (msg: unknown) => void, options?: SubscribeOptions): () => void {
    return this.registry.subscribe(topic, type, handler, options);
  }

  /** Advertises now and after every reconnect; `publish` drops messages while the link is down (or, for commands, backlogged). */
  advertise(topic: string, type: string, options?: AdvertiseOptions): Publisher {
    return this.registry.advertise(topic, type, options);
  }

  /** Resolves with the response's `values`; rejects with a ServiceCallError on failure, timeout or link loss. */
  callService(name: string, type: string, args: object, timeoutMs: number): Promise<unknown> {
    const ros = this.session?.up ? this.session.ros : null;
    return this.services.call(ros, name, type, args, timeoutMs);
  }

  subscribedTopics(): string[] {
    return this.registry.subscribedTopics();
  }

  onStatus(listener: (state: LinkState) => void): () => void {
    return this.statusEmitter.on(this.guard('onStatus', listener));
  }

  /** After every (re)connection, once subscriptions and advertisements are sent. */
  onUp(listener: () => void): () => void {
    return this.upEmitter.on(this.guard('onUp', listener));
  }

  /** When a connection that was up goes down, for whatever reason. */
  onDown(listener: (info: DownInfo) => void): () => void {
    return this.downEmitter.on(this.guard('onDown', listener));
  }

  /** When each outgoing frame left the socket (clock ms), for latency measurement. */
  onSent(listener: (info: SentInfo) => void): () => void {
    return this.sentEmitter.on(this.guard('onSent', listener));
  }

  /** The topic of every message delivered by the server, before its handlers run. */
  onDelivery(listener: (topic: string) => void): () => void {
    return this.deliveredEmitter.on(this.guard('onDelivery', listener));
  }

  dispose(): void {
    if (this.disposed) return;
    this.stop('link disposed');
    this.malformed.reset();
    this.disposed = true;
    this.registry.clear();
    this.problems.clearPrefix('link.');
    if (this.ownsProblems) this.problems.dispose();
    for (const e of [this.statusEmitter, this.upEmitter, this.downEmitter, this.sentEmitter, this.deliveredEmitter]) e.dispose();
  }

  private tryConnect(): void {
    this.retryAt = null;
    this.attempt++;
    let transport: LinkTransport;
    try {
      transport = this.openTransport(this.url);
    } catch (err) {
      return this.afterFailure(null, err instanceof Error ? err : new Error(String(err)));
    }
    const ros = new Ros({ transportFactory: () => Promise.resolve(transport) });
    const session: Session = { ros, transport, up: false, release: [] };
    this.session = session;
    session.release.push(
      transport.onMalformed((info) => this.malformed.note(this.url, info)),
      transport.onSent((info) => this.sentEmitter.fire(info)),
    );
    // Registered before Ros's own listener, so rates are counted before handlers run.
    transport.on('message', (frame: { op: string; topic?: unknown }) => {
      if (session === this.session && frame.op === 'publish' && typeof frame.topic === 'string') {
        this.deliveredEmitter.fire(frame.topic);
      }
    });
    ros.on('connection', () => this.handleOpen(session));
    ros.on('close', (event) => this.handleClose(session, event as CloseInfo | undefined));
    ros.connect(this.url).catch(() => transport.terminate());
    this.setStatus(this.attempt === 1 && this.status !== 'reconnecting' ? 'connecting' : 'reconnecting');
  }

  private handleOpen(session: Session): void {
    if (session !== this.session) return;
    session.up = true;
    this.attempt = 0;
    this.lastError = null;
    this.problems.clear(LINK_PROBLEM.unreachable);
    this.problems.clear(LINK_PROBLEM.lost);
    this.cancelStable = this.clock.setTimeout(() => {
      this.cancelStable = null;
      this.backoff.reset();
    }, this.stableMs);
    this.registry.bind(session.ros, session.transport);
    this.setStatus('connected');
    this.upEmitter.fire();
  }

  private handleClose(session: Session, event: CloseInfo | undefined): void {
    if (session !== this.session) return;
    const wasUp = session.up;
    this.endSession('the connection was lost');
    if (wasUp) {
      const why = session.transport.failure?.message ?? `close code ${event?.code ?? 'unknown'}`;
      this.lastError = `Connection to ${this.url} lost (${why})`;
      this.downEmitter.fire({ expected: false, reason: this.lastError });
    }
    this.afterFailure(wasUp ? (event?.code ?? null) : null, session.transport.failure, wasUp);
  }

  private afterFailure(code: number | null, err: Error | null, wasUp = false): void {
    if (!wasUp) {
      const problem = describeConnectFailure(this.url, err);
      this.lastError = problem.message;
      this.problems.raise(problem);
    }
    if (this.attempt >= this.maxAttempts) return this.setStatus('failed');
    const delay = this.backoff.next();
    this.retryAt = this.clock.now() + delay;
    this.cancelRetry = this.clock.setTimeout(() => {
      this.cancelRetry = null;
      this.tryConnect();
    }, delay);
    if (wasUp) this.problems.raise(describeDrop(this.url, code, err));
    this.setStatus('reconnecting');
  }

  /** Forgets the current connection: no frames are sent on it any more. */
  private endSession(why: string): Session | null {
    const session = this.session;
    if (!session) return null;
    this.session = null;
    this.cancelStable?.();
    this.cancelStable = null;
    this.registry.unbind();
    this.services.failAll('disconnected', `got no answer: ${why}`);
    for (const release of session.release) release();
    // Drops the old Topics' dispatch, so a late frame on a closing socket reaches no handler.
    session.ros.removeAllListeners();
    return session;
  }

  /** Ends the connection and any retry on the app's request. */
  private stop(reason: string): void {
    this.stopRetry();
    this.attempt = 0;
    const session = this.endSession(reason);
    if (!session) return;
    session.transport.close();
    if (session.up) this.downEmitter.fire({ expected: true, reason });
  }

  private stopRetry(): void {
    this.cancelRetry?.();
    this.cancelRetry = null;
    this.retryAt = null;
  }

  /**
   * Listeners run inside socket events: one that throws must neither skip the others
   * (an onDown listener may be the one that disarms) nor escape into ws and end the process.
   */
  private guard<T>(event: string, listener: (value: T) => void): (value: T) => void {
    if (typeof listener !== 'function') throw new TypeError(`RosLink.${event}: listener must be a function`);
    return (value) => {
      try {
        listener(value);
      } catch (err) {
        this.problems.raise({
          key: `${LINK_PROBLEM.listener}:${event}`,
          severity: 'error',
          message: `A RosLink.${event} listener threw: ${err instanceof Error ? err.message : String(err)}`,
          hint: 'This is a bug in Intervene. Please report it.',
        });
      }
    };
  }

  private setStatus(status: LinkStatus): void {
    this.status = status;
    this.statusEmitter.fire(this.state());
  }
}
