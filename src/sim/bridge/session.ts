import type { Clock } from '../../base/clock.ts';
import type { Broker } from './broker.ts';
import { FragmentAssembler } from './fragments.ts';
import { OutFrame, type Peer } from './peer.ts';
import { parseOp, type InboundOp, type OpId } from './protocol.ts';
import type { ServiceRegistry } from './services.ts';

export interface SessionDeps {
  broker: Broker;
  services: ServiceRegistry;
  clock: Clock;
  maxFrameBytes: number;
  /** Called once per rejected frame, with the reason. */
  onReject(peer: Peer, reason: string): void;
  /** Rejected frames a client may send per second before it is disconnected. */
  maxRejectsPerSecond?: number;
  /** Distinct topics one client may subscribe, advertise or latch on. */
  maxTopics?: number;
}

/**
 * One client's side of the rosbridge protocol. IO-free: text arrives through
 * `receiveText`, replies leave through the peer. A bad frame is rejected and counted;
 * it never throws out of here and never touches other clients.
 */
export class Session {
  private readonly fragments: FragmentAssembler;
  private windowStart = -Infinity;
  private rejectsInWindow = 0;
  private closing = false;
  /** Topics this client holds state on, bounded so one client cannot grow the graph without limit. */
  private readonly topics = new Set<string>();

  constructor(readonly peer: Peer, private readonly deps: SessionDeps) {
    this.fragments = new FragmentAssembler(deps.maxFrameBytes);
  }

  receiveText(text: string, fromFragments = false): void {
    let frame: unknown;
    try {
      frame = JSON.parse(text);
    } catch (e) {
      this.reject(`not JSON (${(e as Error).message.slice(0, 80)})`);
      return;
    }
    const op = parseOp(frame);
    if ('error' in op) {
      this.reject(op.error);
      return;
    }
    if (op.op === 'fragment' && fromFragments) {
      this.reject('a fragment may not contain fragments');
      return;
    }
    try {
      this.handle(op);
    } catch (e) {
      // Defensive: a bug here must cost one frame, not the server.
      this.reject(`${op.op} failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  receiveBinary(length: number): void {
    this.reject(`binary frame of ${length} bytes: this server speaks JSON text frames only`);
  }

  close(): void {
    this.fragments.clear();
    this.deps.broker.dropPeer(this.peer);
  }

  private handle(op: InboundOp): void {
    const { broker } = this.deps;
    if ((op.op === 'advertise' || op.op === 'subscribe' || (op.op === 'publish' && op.latch)) && !this.topics.has(op.topic)) {
      const max = this.deps.maxTopics ?? 1000;
      if (this.topics.size >= max) {
        this.reject(`${op.op} ${op.topic}: this client already holds ${max} topics`);
        return;
      }
      this.topics.add(op.topic);
    }
    switch (op.op) {
      case 'advertise':
        this.check(broker.advertise(this.peer, op.topic, op.type, op.latch));
        return;
      case 'unadvertise':
        broker.unadvertise(this.peer, op.topic);
        return;
      case 'publish':
        this.check(broker.publish(this.peer, op.topic, op.msg, op.latch));
        return;
      case 'subscribe':
        this.check(broker.subscribe(this.peer, op.topic, op.wire, keyOf(op.id) ?? '', op.type, op.throttleMs, op.queueLength));
        return;
      case 'unsubscribe':
        broker.unsubscribe(this.peer, op.topic, op.wire, keyOf(op.id));
        return;
      case 'call_service':
        this.answer(op.id, op.service, op.args);
        return;
      case 'fragment': {
        const done = this.fragments.add(op.id, op.num, op.total, op.data);
        if (done && 'error' in done) this.reject(done.error);
        else if (done) this.receiveText(done.text, true);
        return;
      }
      case 'noop':
        return;
    }
  }

  private answer(id: OpId | undefined, service: string, args: unknown): void {
    const r = this.deps.services.call(service, args);
    const reply: Record<string, unknown> = { op: 'service_response' };
    if (id !== undefined) reply.id = id;
    reply.service = service;
    reply.values = r.ok ? r.values : r.error;
    reply.result = r.ok;
    this.peer.send(new OutFrame(JSON.stringify(reply)));
  }

  private check(result: { ok: true } | { ok: false; error: string }): void {
    if (!result.ok) this.reject(result.error);
  }

  private reject(reason: string): void {
    this.deps.onReject(this.peer, reason);
    const now = this.deps.clock.now();
    if (now - this.windowStart >= 1000) {
      this.windowStart = now;
      this.rejectsInWindow = 0;
    }
    this.rejectsInWindow++;
    if (!this.closing && this.rejectsInWindow > (this.deps.maxRejectsPerSecond ?? 200)) {
      this.closing = true;
      this.peer.close(1008, 'too many invalid frames');
    }
  }
}

/** Subscribe ids are compared by value and kind, so 1 and "1" stay distinct. */
function keyOf(id: OpId | undefined): string | undefined {
  return id === undefined ? undefined : `${typeof id}:${id}`;
}
