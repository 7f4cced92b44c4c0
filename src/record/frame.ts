/**
 * One recorded control step with its full provenance: what the robot saw, what the
 * operator and the policy each asked for, who actually drove, and what went on the wire.
 * Written on the `/intervene/frame` channel of every episode, one message per step.
 */
export type FrameDriver = 'operator' | 'policy' | 'none';
export type FrameSource = 'tick' | 'input' | 'command' | 'watchdog';

/** Actions are Twist components in this order. */
export const ACTION_FIELDS = ['linear_x', 'linear_y', 'linear_z', 'angular_z'] as const;

export interface Frame {
  /** Seconds since the episode started (monotonic clock). */
  t: number;
  /** Wall clock, Unix seconds. */
  stamp: number;
  /** Control loop tick number; null for steps made at once on input or commands. */
  tick: number | null;
  source: FrameSource;
  /** Observation vector; its field names are in the episode metadata (`obs_fields`). */
  obs: number[];
  /** The operator's mapped command (ACTION_FIELDS order), null with no input source. */
  operator_action: number[] | null;
  /** The policy's action, null when no policy runs. */
  policy_action: number[] | null;
  /** The simulator expert's action where one exists (DAgger labels), else null. */
  expert_action: number[] | null;
  /** Ensemble spread, null when no policy runs. */
  doubt: number | null;
  driver: FrameDriver;
  policy_version: string | null;
  /** Gate and safety events at this step: takeover, handback, estop, link-lost, ... */
  events: string[];
  enable: boolean;
  estop: boolean;
  armed: boolean;
  /** The command that went on the wire at this step, null if none was sent. */
  published: number[] | null;
  rtt_ms: number | null;
}

/** JSON Schema of a Frame, registered with the channel so Foxglove can plot its fields. */
export const FRAME_SCHEMA = {
  title: 'intervene/Frame',
  type: 'object',
  properties: {
    t: { type: 'number', description: 'seconds since episode start' },
    stamp: { type: 'number', description: 'Unix seconds' },
    tick: { type: ['integer', 'null'] },
    source: { type: 'string', enum: ['tick', 'input', 'command', 'watchdog'] },
    obs: { type: 'array', items: { type: 'number' } },
    operator_action: { type: ['array', 'null'], items: { type: 'number' } },
    policy_action: { type: ['array', 'null'], items: { type: 'number' } },
    expert_action: { type: ['array', 'null'], items: { type: 'number' } },
    doubt: { type: ['number', 'null'] },
    driver: { type: 'string', enum: ['operator', 'policy', 'none'] },
    policy_version: { type: ['string', 'null'] },
    events: { type: 'array', items: { type: 'string' } },
    enable: { type: 'boolean' },
    estop: { type: 'boolean' },
    armed: { type: 'boolean' },
    published: { type: ['array', 'null'], items: { type: 'number' } },
    rtt_ms: { type: ['number', 'null'] },
  },
  required: ['t', 'stamp', 'source', 'obs', 'driver', 'events', 'enable', 'estop', 'armed'],
} as const;

export const FRAME_TOPIC = '/intervene/frame';

/** A Twist as an action vector, in ACTION_FIELDS order. */
export function actionOf(t: { linear: { x: number; y: number; z: number }; angular: { z: number } }): number[] {
  return [t.linear.x, t.linear.y, t.linear.z, t.angular.z];
}
