import type { HostBridge } from '../../src/app/contract.ts';
import type { SenderSink } from './source-sender.ts';

/**
 * Input calls are fire-and-forget: at 20+ Hz a failure (console down) would flood the
 * console with the same line, and the banner already says the console is unreachable.
 */
export function bridgeSink(bridge: HostBridge): SenderSink {
  return {
    input: (input) => { bridge.call('input', input).catch(() => {}); },
    gone: (sourceId) => { bridge.call('inputGone', { sourceId }).catch(() => {}); },
  };
}
