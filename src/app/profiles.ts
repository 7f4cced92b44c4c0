import type { RobotProfile, WorldName } from './contract.ts';
import { defaultMapping, droneMapping, validateMapping } from '../input/mapping.ts';
import { isObject } from '../ros/messages.ts';

/** The built-in profiles for the simulator's worlds; they are not stored and cannot be deleted. */
export function simProfile(world: WorldName, url = 'ws://127.0.0.1:9090'): RobotProfile {
  const drone = world === 'forest';
  return {
    name: drone ? 'sim-forest (quadrotor)' : 'sim-lane (rover)',
    url,
    cmdTopic: '/cmd_vel',
    cmdType: 'geometry_msgs/Twist',
    odomTopic: '/odom',
    scanTopic: '/scan',
    markersTopic: '/world/markers',
    rateHz: 50,
    limits: drone ? { linear: 3, angular: 1.5, vertical: 1 } : { linear: 2, angular: 1.5, vertical: 0 },
    mapping: drone ? droneMapping() : defaultMapping(),
    onRelease: 'silence',
    inputTimeoutMs: 500,
  };
}

/** A starting point for a real robot: a diff-drive base behind a stock rosbridge_server. */
export function exampleRobotProfile(): RobotProfile {
  return { ...simProfile('lane', 'ws://robot:9090'), name: 'my-robot', limits: { linear: 0.5, angular: 1.0, vertical: 0 } };
}

const TOPIC = /^\/?[A-Za-z_][A-Za-z0-9_/]*$/;

/** Validates a profile from disk or from the UI; the string result names the bad field. */
export function validateProfile(raw: unknown): RobotProfile | string {
  if (!isObject(raw)) return 'profile must be an object';
  const p = raw;
  if (typeof p.name !== 'string' || !p.name.trim() || p.name.length > 80) return 'name: give a name of 1-80 characters';
  if (typeof p.url !== 'string' || !/^wss?:\/\/[^\s/]+/.test(p.url)) return `url: ${JSON.stringify(p.url)} is not a ws:// or wss:// URL`;
  for (const key of ['cmdTopic', 'odomTopic', 'scanTopic', 'markersTopic'] as const) {
    const v = p[key];
    if (typeof v !== 'string' || !(v === '' && key !== 'cmdTopic' ? true : TOPIC.test(v))) return `${key}: ${JSON.stringify(v)} is not a ROS topic name`;
  }
  if (p.cmdType !== 'geometry_msgs/Twist' && p.cmdType !== 'geometry_msgs/TwistStamped') {
    return `cmdType: ${JSON.stringify(p.cmdType)} must be geometry_msgs/Twist or geometry_msgs/TwistStamped`;
  }
  if (!positive(p.rateHz) || (p.rateHz as number) > 500) return `rateHz: ${JSON.stringify(p.rateHz)} must be between 1 and 500`;
  if (!isObject(p.limits)) return 'limits: missing';
  for (const key of ['linear', 'angular', 'vertical'] as const) {
    const v = p.limits[key];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 50) return `limits.${key}: ${JSON.stringify(v)} must be between 0 and 50`;
  }
  if (p.onRelease !== 'silence' && p.onRelease !== 'zero-stream') return `onRelease: ${JSON.stringify(p.onRelease)} must be silence or zero-stream`;
  if (!positive(p.inputTimeoutMs) || (p.inputTimeoutMs as number) > 5000) return `inputTimeoutMs: ${JSON.stringify(p.inputTimeoutMs)} must be between 1 and 5000`;
  const mapping = validateMapping(p.mapping);
  if (typeof mapping === 'string') return `mapping: ${mapping}`;
  const limits = p.limits as RobotProfile['limits'];
  return {
    name: p.name.trim(), url: p.url, cmdTopic: p.cmdTopic as string, cmdType: p.cmdType,
    odomTopic: p.odomTopic as string, scanTopic: p.scanTopic as string, markersTopic: p.markersTopic as string,
    rateHz: p.rateHz as number, limits: { linear: limits.linear, angular: limits.angular, vertical: limits.vertical },
    mapping, onRelease: p.onRelease, inputTimeoutMs: p.inputTimeoutMs as number,
  };
}

function positive(v: unknown): boolean {
  return typeof v === 'number' && Number.isFinite(v) && v > 0;
}
