import { ProblemSet } from '../../src/base/problem.ts';
import type { ControlConfig } from '../../src/control/config.ts';
import { Controller } from '../../src/control/controller.ts';
import type { PolicySource } from '../../src/control/gate.ts';
import type { TeleopCommand } from '../../src/input/mapping.ts';
import type { Twist } from '../../src/ros/messages.ts';
import { FakeClock } from '../fakes/fake-clock.ts';
import { cmd } from './helpers.ts';

/** A controller on a fake clock with a scripted pad, a link switch and a wire log. */
export function harness(config: Partial<ControlConfig> = {}, policy: PolicySource | null = null) {
  const clock = new FakeClock();
  const problems = new ProblemSet(() => clock.now());
  const wire: Array<{ t: number; twist: Twist }> = [];
  let command: TeleopCommand | null = cmd(false);
  let sampledAt = 0;
  /** A live pad reports continuously; a dead one stops and its age grows. */
  let live = true;
  let link = true;
  const ctl = new Controller({
    clock, config, problems, policy,
    readOperator: () => (command ? { command, ageMs: live ? 0 : clock.now() - sampledAt } : null),
    linkUp: () => link,
    publish: (twist) => wire.push({ t: clock.now(), twist }),
  });
  // The enable button is seen released once, as a real pad reports on connect.
  ctl.onInput();
  return {
    clock, problems, wire, ctl,
    /** A new sample from the pad, handed to the controller as the app would. */
    input(c: TeleopCommand | null) {
      command = c;
      sampledAt = clock.now();
      ctl.onInput();
    },
    padDies() {
      live = false;
    },
    padLives() {
      live = true;
    },
    setLink(up: boolean) {
      link = up;
    },
    since(t: number) {
      return wire.filter((w) => w.t >= t);
    },
    problem(key: string) {
      return problems.list().find((p) => p.key === key);
    },
  };
}
