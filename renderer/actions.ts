import type { RendererBridge } from './bridge/types.ts';
import { errorText } from './dom.ts';
import type { Toasts } from './hud/toasts.ts';

/** Safety actions shared by buttons and shortcuts; a failure is shown, never swallowed. */
export class SafetyActions {
  constructor(private readonly bridge: RendererBridge, private readonly toasts: Toasts) {}

  estop(): void {
    this.bridge.call('estop', undefined).catch((err: unknown) => {
      this.toasts.show(`E-STOP did not reach the app: ${errorText(err)}. Stop the robot by other means.`, 'error', 12_000);
    });
  }

  resetEstop(): void {
    this.bridge.call('resetEstop', undefined).catch((err: unknown) => {
      this.toasts.show(`E-stop reset failed: ${errorText(err)}`);
    });
  }

  arm(): void {
    this.bridge.call('arm', undefined).catch((err: unknown) => {
      this.toasts.show(`Re-arm failed: ${errorText(err)}`);
    });
  }
}
