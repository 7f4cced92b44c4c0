/**
 * ROS message shapes as they travel in rosbridge JSON, and validators for the ones the
 * app reads. Pure: the renderer imports this file too. Wire data is `unknown` until one
 * of the `parse*` functions says otherwise.
 */
export interface Vector3 { x: number; y: number; z: number }
export interface Quaternion { x: number; y: number; z: number; w: number }
export interface Time { sec: number; nanosec: number }
export interface Header { stamp: Time; frame_id: string }
export interface Twist { linear: Vector3; angular: Vector3 }
export interface Pose { position: Vector3; orientation: Quaternion }

export interface Odometry {
  header: Header;
  child_frame_id: string;
  pose: { pose: Pose; covariance: number[] };
  twist: { twist: Twist; covariance: number[] };
}

export interface LaserScan {
  header: Header;
  angle_min: number;
  angle_max: number;
  angle_increment: number;
  time_increment: number;
  scan_time: number;
  range_min: number;
  range_max: number;
  ranges: number[];
  intensities: number[];
}

export interface ColorRGBA { r: number; g: number; b: number; a: number }

/** visualization_msgs/Marker, the fields the scene draws. */
export interface Marker {
  header: Header;
  ns: string;
  id: number;
  type: number;
  action: number;
  pose: Pose;
  scale: Vector3;
  color: ColorRGBA;
  points: Vector3[];
  text: string;
}
export interface MarkerArray { markers: Marker[] }

export const MarkerType = { ARROW: 0, CUBE: 1, SPHERE: 2, CYLINDER: 3, LINE_STRIP: 4, LINE_LIST: 5, CUBE_LIST: 6, TEXT: 9 } as const;
export const MarkerAction = { ADD: 0, DELETE: 2, DELETEALL: 3 } as const;

export const zeroVector = (): Vector3 => ({ x: 0, y: 0, z: 0 });
export const zeroTwist = (): Twist => ({ linear: zeroVector(), angular: zeroVector() });

/** rosbridge/ROS 1 stamps use `secs`/`nsecs`, ROS 2 `sec`/`nanosec`; accept both. */
export function timeToSeconds(t: unknown): number | null {
  if (!isObject(t)) return null;
  const sec = num(t.sec ?? t.secs);
  const ns = num(t.nanosec ?? t.nsecs);
  if (sec === null || ns === null) return null;
  return sec + ns / 1e9;
}

export function secondsToTime(s: number): Time {
  // Round once in integer nanoseconds, so 2.9999999999 s cannot become {2, 1e9}.
  const total = Math.round(s * 1e9);
  const sec = Math.floor(total / 1e9);
  return { sec, nanosec: total - sec * 1e9 };
}

export function parseVector3(v: unknown): Vector3 | null {
  if (!isObject(v)) return null;
  const x = num(v.x), y = num(v.y), z = num(v.z ?? 0);
  return x === null || y === null || z === null ? null : { x, y, z };
}

export function parseQuaternion(v: unknown): Quaternion | null {
  if (!isObject(v)) return null;
  const x = num(v.x), y = num(v.y), z = num(v.z), w = num(v.w);
  return x === null || y === null || z === null || w === null ? null : { x, y, z, w };
}

export function parseTwist(v: unknown): Twist | null {
  if (!isObject(v)) return null;
  const linear = parseVector3(v.linear), angular = parseVector3(v.angular);
  return linear && angular ? { linear, angular } : null;
}

export function parsePose(v: unknown): Pose | null {
  if (!isObject(v)) return null;
  const position = parseVector3(v.position), orientation = parseQuaternion(v.orientation);
  return position && orientation ? { position, orientation } : null;
}

/** Reads the parts of nav_msgs/Odometry the app uses; null when they are missing or not finite. */
export function parseOdometry(v: unknown): { stamp: number | null; pose: Pose; twist: Twist } | null {
  if (!isObject(v) || !isObject(v.pose) || !isObject(v.twist)) return null;
  const pose = parsePose(v.pose.pose);
  const twist = parseTwist(v.twist.twist);
  if (!pose || !twist) return null;
  const stamp = isObject(v.header) ? timeToSeconds(v.header.stamp) : null;
  return { stamp, pose, twist };
}

export interface ScanView {
  angleMin: number;
  angleIncrement: number;
  rangeMin: number;
  rangeMax: number;
  /** Non-finite ranges (no return) are kept as null. */
  ranges: Array<number | null>;
}

export function parseLaserScan(v: unknown): ScanView | null {
  if (!isObject(v) || !Array.isArray(v.ranges)) return null;
  const angleMin = num(v.angle_min), angleIncrement = num(v.angle_increment);
  const rangeMin = num(v.range_min), rangeMax = num(v.range_max);
  if (angleMin === null || angleIncrement === null || rangeMin === null || rangeMax === null) return null;
  if (v.ranges.length > 100_000) return null;
  const ranges = v.ranges.map((r) => (typeof r === 'number' && Number.isFinite(r) ? r : null));
  return { angleMin, angleIncrement, rangeMin, rangeMax, ranges };
}

export function parseMarkerArray(v: unknown): MarkerArray | null {
  if (!isObject(v) || !Array.isArray(v.markers)) return null;
  const markers: Marker[] = [];
  for (const m of v.markers) {
    const marker = parseMarker(m);
    if (marker) markers.push(marker);
  }
  return { markers };
}

function parseMarker(m: unknown): Marker | null {
  if (!isObject(m)) return null;
  const id = num(m.id), type = num(m.type), action = num(m.action ?? 0);
  const pose = parsePose(m.pose) ?? { position: zeroVector(), orientation: { x: 0, y: 0, z: 0, w: 1 } };
  const scale = parseVector3(m.scale) ?? { x: 1, y: 1, z: 1 };
  if (id === null || type === null || action === null) return null;
  const c = isObject(m.color) ? m.color : {};
  const color = { r: num(c.r) ?? 1, g: num(c.g) ?? 1, b: num(c.b) ?? 1, a: num(c.a) ?? 1 };
  const points = Array.isArray(m.points) ? m.points.map(parseVector3).filter((p): p is Vector3 => p !== null) : [];
  const header = isObject(m.header) ? m.header : {};
  return {
    header: { stamp: { sec: 0, nanosec: 0 }, frame_id: typeof header.frame_id === 'string' ? header.frame_id : '' },
    ns: typeof m.ns === 'string' ? m.ns : '',
    id, type, action, pose, scale, color, points,
    text: typeof m.text === 'string' ? m.text : '',
  };
}

export function yawOf(q: Quaternion): number {
  return Math.atan2(2 * (q.w * q.z + q.x * q.y), 1 - 2 * (q.y * q.y + q.z * q.z));
}

export function quaternionFromYaw(yaw: number): Quaternion {
  return { x: 0, y: 0, z: Math.sin(yaw / 2), w: Math.cos(yaw / 2) };
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}
