import { defaultGateConfig, type GateConfig } from './gate.ts';
import { defaultSupervisorConfig, type SupervisorConfig } from './supervisor.ts';

export interface ControlConfig extends SupervisorConfig, GateConfig {
  /** Control loop rate; while someone drives, commands stream at this rate. */
  rateHz: number;
  /**
   * Least gap between publishes made at once on new input (ticks are not limited), so
   * a 1 kHz pad cannot flood the link. Stops are never held back.
   */
  minPublishGapMs: number;
}

export const defaultControlConfig: ControlConfig = {
  ...defaultSupervisorConfig,
  ...defaultGateConfig,
  rateHz: 50,
  minPublishGapMs: 4,
};

/** Fills in defaults; the parts validate themselves when configured. */
export function controlConfig(partial: Partial<ControlConfig> = {}): ControlConfig {
  const cfg = { ...defaultControlConfig, ...partial, limits: { ...defaultControlConfig.limits, ...partial.limits } };
  if (!(cfg.minPublishGapMs >= 0)) throw new Error(`minPublishGapMs must be >= 0, got ${cfg.minPublishGapMs}`);
  return cfg;
}
