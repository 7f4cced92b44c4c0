import type { LiveState, ViewFrame } from '../../src/app/contract.ts';
import type { Player, PlayerScene } from '../player/player.ts';
import { el, setHidden } from '../dom.ts';
import type { Beeper } from '../policy/beeper.ts';
import { AskingCue } from './asking-cue.ts';
import { DoubtMeter } from './doubt-meter.ts';
import { GateBadge } from './gate-badge.ts';
import { DriverBadge } from './driver-badge.ts';
import { EnableIndicator } from './enable-indicator.ts';
import { InputList } from './input-list.ts';
import { MotionReadout } from './motion-readout.ts';
import { ProblemList } from './problem-list.ts';
import { RecordingIndicator } from './recording-indicator.ts';
import { SafetyPanel, type SafetyHandlers } from './safety-panel.ts';
import { ViewAlerts } from './view-alerts.ts';

/**
 * The overlays on the 3D view (who drives, enable, recording, motion) and the side
 * column (safety, problems, inputs). Safety, links and inputs update from the LiveState;
 * who drove and how it moved come from the active player's frame (live or replay).
 */
export class Hud {
  private readonly driver = new DriverBadge();
  private readonly enable = new EnableIndicator();
  private readonly motion = new MotionReadout();
  private readonly safety: SafetyPanel;
  private readonly problems = new ProblemList();
  private readonly inputs = new InputList();
  private readonly alerts = new ViewAlerts();
  private readonly recording = new RecordingIndicator();
  private readonly gate = new GateBadge();
  private readonly doubt: DoubtMeter;
  private readonly asking: AskingCue;
  /** Laid over the top of the 3D view. */
  readonly viewTop: HTMLElement;
  /** Laid over the top right corner of the 3D view. */
  readonly viewCorner: HTMLElement;
  /** Laid over the bottom of the 3D view. */
  readonly viewBottom: HTMLElement;
  readonly side: HTMLElement;
  private replaying = false;
  private recordingState = 'off';

  /** `view`: the 3D view's element, which pulses while the policy asks for help. */
  constructor(safety: SafetyHandlers, view: HTMLElement, beeper: Beeper) {
    this.safety = new SafetyPanel(safety);
    this.doubt = new DoubtMeter(beeper);
    this.asking = new AskingCue(view, beeper);
    this.viewTop = el('div', { class: 'view-top' }, this.driver.root, this.gate.root, this.asking.root, this.enable.root, this.alerts.root);
    this.viewCorner = el('div', { class: 'view-corner' }, this.recording.root);
    this.viewBottom = el('div', { class: 'view-bottom' }, this.motion.root);
    this.side = el('aside', { class: 'side' }, this.safety.root, this.doubt.root, this.problems.root, this.inputs.root);
  }

  update(s: LiveState): void {
    this.enable.update(s.enable, s.turbo);
    this.safety.update(s.estop, s.armed);
    this.alerts.update(s.estop, s.armed, s.target !== null);
    this.problems.update(s.problems);
    this.inputs.update(s.inputs);
    this.recording.update(s.recording);
    this.recordingState = s.recording?.state ?? 'off';
    this.showRecording();
    this.gate.update(s.policy);
    this.doubt.update(s.policy, s.t);
    this.asking.update(s.policy, s.t);
  }

  /**
   * "Recording starts when you drive" is untrue in a replay (the robot is held): standby is
   * hidden then; an open episode and a write error are still shown.
   */
  private showRecording(): void {
    setHidden(this.recording.root, this.replaying && (this.recordingState === 'standby' || this.recordingState === 'off'));
  }

  showFrame(f: ViewFrame, scene: PlayerScene, kind: Player['kind']): void {
    this.driver.update(f.driver, kind === 'replay');
    // The gate badge is the live gate (phase, live model): beside a recorded driver it would
    // read as what drove then, so a replay hides it.
    setHidden(this.gate.root, kind === 'replay');
    this.enable.setReplay(kind === 'replay');
    this.replaying = kind === 'replay';
    this.showRecording();
    this.motion.update(f, scene);
  }
}
