import { Ros, Topic } from 'roslib';
import { pct, round3 } from './stats.ts';

export interface PubSubReport {
  pubsub_p50_ms: number;
  pubsub_p99_ms: number;
  pubsub_sent: number;
  pubsub_received: number;
  max_msgs_per_s: number;
}

const TOPIC = '/intervene_bench/pubsub';
const TYPE = 'std_msgs/String';

/**
 * roslib publish -> server -> roslib receive, two separate clients as two ROS nodes would be.
 * Latency at a fixed rate first; then the most messages per second delivered end to end.
 */
export async function benchPubSub(url: string, opts: { rateHz: number; seconds: number }): Promise<PubSubReport> {
  const pub = await open(url);
  const sub = await open(url);
  try {
    const sentAt = new Map<number, number>();
    const latencies: number[] = [];
    let received = 0;
    const listener = new Topic<{ data: string }>({ ros: sub, name: TOPIC, messageType: TYPE, queue_length: 0 });
    const talker = new Topic<{ data: string }>({ ros: pub, name: TOPIC, messageType: TYPE });
    listener.subscribe((m: { data: string }) => {
      const seq = Number(m.data.slice(0, m.data.indexOf(' ')));
      const t0 = sentAt.get(seq);
      if (t0 !== undefined) latencies.push(performance.now() - t0);
      received++;
    });
    talker.advertise();
    await sleep(300); // let subscribe and advertise settle, as a real node would
    const payload = ' '.padEnd(120, 'x');

    // Fixed rate, paced against the clock so a late send does not shift the schedule.
    const total = Math.round(opts.rateHz * opts.seconds);
    const period = 1000 / opts.rateHz;
    const start = performance.now();
    for (let seq = 0; seq < total; seq++) {
      const due = start + seq * period;
      while (performance.now() < due - 1.5) await sleep(1);
      while (performance.now() < due) await immediate();
      sentAt.set(seq, performance.now());
      talker.publish({ data: `${seq}${payload}` });
    }
    await sleep(300);
    const fixedReceived = received;

    // Throughput: keep a bounded number in flight, count deliveries for a second.
    sentAt.clear();
    let seq = 1e9;
    received = 0;
    const window = 256;
    const until = performance.now() + 1000;
    let sent = 0;
    while (performance.now() < until) {
      while (sent - received < window) {
        talker.publish({ data: `${seq++}${payload}` });
        sent++;
      }
      await immediate();
    }
    const maxRate = received;
    listener.unsubscribe();
    talker.unadvertise();
    return {
      pubsub_p50_ms: round3(pct(latencies, 50)),
      pubsub_p99_ms: round3(pct(latencies, 99)),
      pubsub_sent: total,
      pubsub_received: fixedReceived,
      max_msgs_per_s: maxRate,
    };
  } finally {
    pub.close();
    sub.close();
  }
}

async function open(url: string): Promise<Ros> {
  const ros = new Ros({});
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`bench: cannot reach ${url}`)), 5000);
    ros.on('connection', () => { clearTimeout(timer); resolve(); });
    ros.on('error', () => { clearTimeout(timer); reject(new Error(`bench: cannot reach ${url}`)); });
    void ros.connect(url);
  });
  return ros;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const immediate = () => new Promise<void>((r) => setImmediate(r));
