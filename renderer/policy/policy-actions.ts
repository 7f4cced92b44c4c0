import type { ApiMethod, ApiParams, ControlMode } from '../../src/app/contract.ts';
import type { RendererBridge } from '../bridge/types.ts';
import { Emitter } from '../../src/base/emitter.ts';
import { errorText } from '../dom.ts';
import type { Toasts } from '../hud/toasts.ts';
import { MODE_LABEL } from './format.ts';

/**
 * Policy and training calls shared by buttons, keys and panels. A refusal (no learning core
 * in this build, no data yet) is shown to the operator in words, never swallowed; the
 * returned promise says whether the call went through.
 */
export class PolicyActions {
  /** Each call's outcome in words, for panels that show it beside their buttons. */
  readonly onOutcome = new Emitter<{ message: string; error: boolean }>();

  constructor(private readonly bridge: RendererBridge, private readonly toasts: Toasts) {}

  setMode(mode: ControlMode): Promise<boolean> {
    return this.run('setMode', { mode }, `Could not switch to ${MODE_LABEL[mode]}`,
      mode === 'gated' ? 'Autonomous (gated): the policy drives. Hold LB (or Shift) to take over.' : 'Teleop: you drive.');
  }

  train(preset: 'bc' | 'hgdagger' | 'dagger'): Promise<boolean> {
    return this.run('train', { preset }, 'Training did not start');
  }

  cancelTraining(): Promise<boolean> {
    return this.run('cancelTraining', undefined, 'Could not cancel training');
  }

  activateModel(version: string): Promise<boolean> {
    return this.run('activateModel', { version }, `Could not activate ${version}`,
      `${version} activated: it drives now, or from the next handback if the policy has the robot.`);
  }

  setDoubtThreshold(source: 'calibrated' | 'rate' | 'manual', value?: number): Promise<boolean> {
    return this.run('setDoubtThreshold', value === undefined ? { source } : { source, value }, 'Could not set the doubt threshold');
  }

  setAutoTrain(afterFrames: number | null, atEpisodeEnd: boolean): Promise<boolean> {
    return this.run('setAutoTrain', { afterFrames, atEpisodeEnd }, 'Could not change auto-training');
  }

  setTrainingBackend(backend: string | null): Promise<boolean> {
    return this.run('setTrainingBackend', { backend }, 'Could not change the training backend',
      backend ? `Training will use ${backend}, without a trial.` : 'Training will measure the backends again.');
  }

  private async run<M extends ApiMethod>(method: M, params: ApiParams<M>, failure: string, success?: string): Promise<boolean> {
    try {
      await this.bridge.call(method, params);
      if (success) this.toasts.show(success, 'info', 3500);
      this.onOutcome.fire({ message: success ?? '', error: false });
      return true;
    } catch (err) {
      const message = `${failure}: ${errorText(err)}`;
      this.toasts.show(message, 'error', 8000);
      this.onOutcome.fire({ message, error: true });
      return false;
    }
  }
}
