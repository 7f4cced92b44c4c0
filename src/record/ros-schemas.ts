/**
 * JSON Schemas for the ROS messages the app records, so Foxglove can plot their fields.
 * The messages are stored as rosbridge delivers them (ROS 1 or ROS 2 field names), so
 * the schemas describe the common fields and allow the rest.
 */
export interface RawTopic {
  topic: string;
  /** ROS type, e.g. `nav_msgs/msg/Odometry`; becomes the MCAP schema name. */
  schemaName: string;
  /** JSON Schema of the message, or null to record it schemaless. */
  schema: object | null;
}

const num = { type: 'number' } as const;
const vector3 = { type: 'object', properties: { x: num, y: num, z: num } } as const;
const quaternion = { type: 'object', properties: { x: num, y: num, z: num, w: num } } as const;
const header = {
  type: 'object',
  properties: {
    stamp: { type: 'object', properties: { sec: num, nanosec: num, secs: num, nsecs: num } },
    frame_id: { type: 'string' },
  },
} as const;
const twist = { type: 'object', properties: { linear: vector3, angular: vector3 } } as const;
const pose = { type: 'object', properties: { position: vector3, orientation: quaternion } } as const;
const covariance = { type: 'array', items: num } as const;

export const ROS_SCHEMAS: Readonly<Record<string, object>> = {
  'geometry_msgs/msg/Twist': { title: 'geometry_msgs/msg/Twist', ...twist },
  'nav_msgs/msg/Odometry': {
    title: 'nav_msgs/msg/Odometry',
    type: 'object',
    properties: {
      header,
      child_frame_id: { type: 'string' },
      pose: { type: 'object', properties: { pose, covariance } },
      twist: { type: 'object', properties: { twist, covariance } },
    },
  },
  'sensor_msgs/msg/LaserScan': {
    title: 'sensor_msgs/msg/LaserScan',
    type: 'object',
    properties: {
      header,
      angle_min: num, angle_max: num, angle_increment: num, time_increment: num,
      scan_time: num, range_min: num, range_max: num,
      ranges: { type: 'array', items: { type: ['number', 'null'] } },
      intensities: { type: 'array', items: num },
    },
  },
};

/** `pkg/Type` and `pkg/msg/Type` name the same message. */
export function normalizeRosType(type: string): string {
  const parts = type.split('/');
  return parts.length === 2 ? `${parts[0]}/msg/${parts[1]}` : type;
}

/** A raw topic with the known schema for its type, or schemaless when the type is unknown. */
export function rosTopic(topic: string, type: string): RawTopic {
  const schemaName = normalizeRosType(type);
  return { topic, schemaName, schema: ROS_SCHEMAS[schemaName] ?? null };
}

export function isOdometryType(schemaName: string): boolean {
  return normalizeRosType(schemaName) === 'nav_msgs/msg/Odometry';
}
