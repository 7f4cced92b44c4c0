import { describe, it, expect } from 'vitest';
import { assertRosName, assertRosType, checkIncoming } from '../../src/ros/protocol.ts';

describe('checkIncoming', () => {
  it('accepts deliveries and service responses', () => {
    expect(checkIncoming({ op: 'publish', topic: '/odom', msg: {} }).ok).toBe(true);
    expect(checkIncoming({ op: 'service_response', id: 'call:1', values: {}, result: true }).ok).toBe(true);
    expect(checkIncoming({ op: 'service_response', id: 7, values: 'no' }).ok).toBe(true);
    expect(checkIncoming({ op: 'status', level: 'error', msg: 'x' }).ok).toBe(true);
  });

  it.each([
    [null, 'null'],
    [42, 'number'],
    ['text', 'string'],
    [[{ op: 'publish' }], 'array'],
    [{}, '"op"'],
    [{ op: 7 }, '"op"'],
    [{ op: 'publish', msg: {} }, 'without a topic'],
    [{ op: 'publish', topic: '/a', msg: 3 }, 'not an object'],
    [{ op: 'publish', topic: 'close', msg: {} }, 'reserved'],
    [{ op: 'service_response', values: {} }, 'without an id'],
    [{ op: 'service_response', id: 'error', values: {} }, 'reserved'],
    [{ op: 'service_response', id: 'a', result: 'yes' }, 'boolean'],
    [{ op: 'fragment', id: 'a', data: '{', num: 0, total: 2 }, 'never requests'],
    [{ op: 'png', data: 'xx' }, 'never requests'],
    [{ op: 'call_service', id: 'x', service: '/s' }, 'unexpected op'],
  ])('rejects %j', (raw, reason) => {
    const check = checkIncoming(raw);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.reason).toContain(reason);
  });
});

describe('names and types', () => {
  it('accepts both type spellings rosbridge accepts', () => {
    expect(() => assertRosType('geometry_msgs/Twist')).not.toThrow();
    expect(() => assertRosType('geometry_msgs/msg/Twist')).not.toThrow();
    expect(() => assertRosType('std_srvs/srv/Trigger')).not.toThrow();
    expect(() => assertRosType('Twist')).toThrow(/"Twist"/);
    expect(() => assertRosType('geometry_msgs/foo/Twist')).toThrow(/Invalid ROS type/);
  });

  it('accepts graph names and refuses names roslib reserves', () => {
    expect(() => assertRosName('topic', '/cmd_vel')).not.toThrow();
    expect(() => assertRosName('topic', 'robot1/odom')).not.toThrow();
    expect(() => assertRosName('topic', '/a b')).toThrow(/"\/a b"/);
    expect(() => assertRosName('topic', 'close')).toThrow(/"close"/);
    expect(() => assertRosName('service', '')).toThrow(/service/);
  });
});
