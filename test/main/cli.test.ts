import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import * as ROSLIB from 'roslib';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const bin = join(root, 'bin', 'intervene.js');
const run = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', timeout: 20_000 });

describe('the intervene command line', () => {
  it.each(['sim', 'console', 'bench'])('%s --help explains the command and exits 0', (cmd) => {
    const r = run(cmd, '--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`intervene ${cmd}`);
    expect(r.stdout).toMatch(/--\w+/);
  });

  it('names a bad option or value and exits 2', () => {
    const bad = run('sim', '--world', 'moon');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--world must be one of lane, forest/);
    const unknown = run('sim', '--colour', 'red');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/unknown option --colour/);
    expect(run('fly').status).toBe(2);
  });

  it('`sim` serves rosbridge that roslib drives: /cmd_vel in, /odom moves', async () => {
    const child = spawn(process.execPath, [bin, 'sim', '--world', 'lane', '--port', '0', '--seed', '4', '--speed', '2'], { cwd: root });
    try {
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no URL printed: ${out}`)), 15_000);
        child.stdout.on('data', () => {
          const m = /listening on (ws:\/\/\S+)/.exec(out);
          if (m?.[1]) {
            clearTimeout(timer);
            resolve(m[1]);
          }
        });
      });
      const ros = new ROSLIB.Ros({});
      await new Promise<void>((resolve, reject) => {
        ros.on('connection', () => resolve());
        ros.on('error', () => reject(new Error('roslib could not connect')));
        void ros.connect(url);
      });
      const xs: number[] = [];
      const odom = new ROSLIB.Topic<{ pose: { pose: { position: { x: number } } } }>({ ros, name: '/odom', messageType: 'nav_msgs/Odometry' });
      odom.subscribe((m: { pose: { pose: { position: { x: number } } } }) => xs.push(m.pose.pose.position.x));
      const cmd = new ROSLIB.Topic({ ros, name: '/cmd_vel', messageType: 'geometry_msgs/Twist' });
      for (let i = 0; i < 25; i++) {
        cmd.publish({ linear: { x: 1, y: 0, z: 0 }, angular: { x: 0, y: 0, z: 0 } });
        await new Promise((r) => setTimeout(r, 40));
      }
      ros.close();
      expect(xs.length).toBeGreaterThan(10);
      expect((xs.at(-1) ?? 0) - (xs[0] ?? 0)).toBeGreaterThan(0.5);
    } finally {
      child.kill('SIGINT');
      await new Promise((r) => child.once('exit', r));
    }
  });
});
