import { parseFrame } from '../record/frame-parse.ts';
import { parseOdometry } from '../ros/messages.ts';
import type { EpisodeTrack } from './episode-track.ts';
import { ACTION_WIDTH, DRIVER_CODES, POSE_WIDTH, TWIST_WIDTH } from './track-layout.ts';
import { GrowableF64, lastAtOrBefore, permuteRows, sortOrder } from './growable.ts';

/** Collects an episode's messages, in any order, into an EpisodeTrack. */
export class TrackBuilder {
  private readonly frameTimes = new GrowableF64(4096);
  private readonly driver = new GrowableF64(4096);
  private readonly doubt = new GrowableF64(4096);
  private readonly operator = new GrowableF64(4096 * ACTION_WIDTH);
  private readonly policy = new GrowableF64(4096 * ACTION_WIDTH);
  private readonly published = new GrowableF64(4096 * ACTION_WIDTH);
  /** Events by arrival order; mapped to frame indexes once the frames are sorted. */
  private readonly eventAt: Array<{ t: number; events: string[] }> = [];
  private readonly odomT = new GrowableF64(4096);
  private readonly pose = new GrowableF64(4096 * POSE_WIDTH);
  private readonly twist = new GrowableF64(4096 * TWIST_WIDTH);
  private readonly scanTimes = new GrowableF64(1024);
  private invalid = 0;

  frame(t: number, msg: unknown): void {
    const f = parseFrame(msg);
    if (!f) {
      this.invalid++;
      return;
    }
    if (f.events.length > 0) this.eventAt.push({ t, events: f.events });
    if (f.source !== 'tick') return;
    this.frameTimes.push(t);
    this.driver.push(DRIVER_CODES.indexOf(f.driver));
    this.doubt.push(f.doubt ?? NaN);
    this.operator.pushVector(f.operator_action, ACTION_WIDTH);
    this.policy.pushVector(f.policy_action, ACTION_WIDTH);
    this.published.pushVector(f.published, ACTION_WIDTH);
  }

  odometry(t: number, msg: unknown): void {
    const o = parseOdometry(msg);
    if (!o) return;
    const { position: p, orientation: q } = o.pose;
    const { linear: l, angular: a } = o.twist;
    this.odomT.push(t);
    for (const v of [p.x, p.y, p.z, q.x, q.y, q.z, q.w]) this.pose.push(v);
    for (const v of [l.x, l.y, l.z, a.x, a.y, a.z]) this.twist.push(v);
  }

  scan(t: number): void {
    this.scanTimes.push(t);
  }

  finish(durationS: number, scanTopic: string | null): EpisodeTrack {
    let frameTimes = this.frameTimes.finish();
    let doubt = this.doubt.finish();
    let driverF = this.driver.finish();
    let [operator, policy, published] = [this.operator.finish(), this.policy.finish(), this.published.finish()];
    const order = sortOrder(frameTimes);
    if (order) {
      [frameTimes, doubt, driverF] = [permuteRows(frameTimes, 1, order), permuteRows(doubt, 1, order), permuteRows(driverF, 1, order)];
      [operator, policy, published] = [operator, policy, published].map((a) => permuteRows(a, ACTION_WIDTH, order)) as [Float64Array, Float64Array, Float64Array];
    }
    let odomT = this.odomT.finish();
    let pose = this.pose.finish();
    let twist = this.twist.finish();
    const odomOrder = sortOrder(odomT);
    if (odomOrder) [odomT, pose, twist] = [permuteRows(odomT, 1, odomOrder), permuteRows(pose, POSE_WIDTH, odomOrder), permuteRows(twist, TWIST_WIDTH, odomOrder)];
    const scanTimes = this.scanTimes.finish().sort();
    const last = Math.max(frameTimes.at(-1) ?? 0, odomT.at(-1) ?? 0, scanTimes.at(-1) ?? 0);
    return {
      durationS: Math.max(durationS, last), frameTimes, driver: Uint8Array.from(driverF), doubt, operator, policy, published,
      events: this.eventsByFrame(frameTimes), odom: { t: odomT, pose, twist }, scanTimes, scanTopic, invalidFrames: this.invalid,
    };
  }

  private eventsByFrame(frameTimes: Float64Array): Map<number, string[]> {
    const out = new Map<number, string[]>();
    if (frameTimes.length === 0) return out;
    for (const { t, events } of [...this.eventAt].sort((a, b) => a.t - b.t)) {
      const i = Math.max(0, lastAtOrBefore(frameTimes, t));
      const list = out.get(i);
      if (list) list.push(...events);
      else out.set(i, [...events]);
    }
    return out;
  }
}
