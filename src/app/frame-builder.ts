import type { ControlStep } from '../control/controller.ts';
import type { ObservationSpec } from '../learn/observation.ts';
import { actionOf, type Frame } from '../record/frame.ts';
import type { Sensors } from './drive-session.ts';

/**
 * Turns each control step into a recorded frame with its provenance. Keeps what it needs
 * to notice safety events between steps (an e-stop engaged, the link lost).
 */
export class FrameBuilder {
  private lastEstop = false;
  private lastArmed = true;
  private lastCollisions: number | null = null;
  private lastDepartures: number | null = null;
  private readonly obs: number[];

  constructor(private readonly spec: ObservationSpec, private readonly t0: number, private readonly policyVersion: string | null) {
    this.obs = new Array<number>(spec.fields.length).fill(0);
  }

  build(step: ControlStep, sensors: Sensors, wallMs: number, rttMs: number | null, policyVersion: string | null = this.policyVersion): Frame {
    const { output, decision } = step;
    this.spec.fill({ twist: sensors.twist, scan: sensors.scan, route: sensors.route }, this.obs);
    const events: string[] = [];
    if (decision.event) events.push(decision.event);
    if (output.estop && !this.lastEstop) events.push('estop');
    if (!output.armed && this.lastArmed) events.push('link-lost');
    this.lastEstop = output.estop;
    this.lastArmed = output.armed;
    if (sensors.collisions !== null) {
      if (this.lastCollisions !== null && sensors.collisions > this.lastCollisions) events.push('collision');
      this.lastCollisions = sensors.collisions;
    }
    if (sensors.departures !== null) {
      if (this.lastDepartures !== null && sensors.departures > this.lastDepartures) events.push('departure');
      this.lastDepartures = sensors.departures;
    }
    return {
      t: (step.at - this.t0) / 1000,
      stamp: wallMs / 1000,
      tick: step.tick?.n ?? null,
      source: step.source,
      obs: [...this.obs],
      operator_action: step.operator ? actionOf(step.operator.command.twist) : null,
      policy_action: decision.policy ? actionOf(decision.policy.twist) : null,
      expert_action: sensors.expert ? actionOf(sensors.expert) : null,
      doubt: decision.policy?.doubt ?? null,
      driver: output.driver,
      policy_version: policyVersion,
      events,
      enable: output.enable,
      estop: output.estop,
      armed: output.armed,
      published: step.published && output.publish ? actionOf(output.publish) : null,
      rtt_ms: rttMs,
    };
  }
}
