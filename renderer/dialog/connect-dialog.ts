import type { ConnectTarget, LiveState } from '../../src/app/contract.ts';
import { el, errorText, setAttr, setText } from '../dom.ts';
import { LINK_LABEL, targetLabel } from '../hud/format.ts';
import type { AppModel } from '../model.ts';
import { Overlay, type OverlayStack } from './overlay.ts';
import { RobotPane } from './robot-pane.ts';
import { SimPane } from './sim-pane.ts';

type Tab = 'sim' | 'robot';

/** K: choose the simulator or a robot profile, and manage profiles. */
export class ConnectDialog {
  private readonly overlay: Overlay;
  private readonly sim: SimPane;
  private readonly robot: RobotPane;
  private readonly status = el('div', { class: 'dialog-status', testid: 'connect-status' });
  private readonly disconnectBtn = el('button', { type: 'button', testid: 'btn-disconnect', text: 'Disconnect' });
  private readonly disconnectError = el('span', { class: 'field-error' });
  private readonly tabs: Record<Tab, HTMLButtonElement>;
  private tab: Tab = 'sim';

  constructor(stack: OverlayStack, private readonly model: AppModel) {
    this.overlay = new Overlay(stack, 'Connection', 'dialog-connect');
    const connect = (t: ConnectTarget): Promise<string | null> => this.connect(t);
    this.sim = new SimPane(connect, async () => {
      await model.bridge.call('simReset', {});
      // Done: back to the view, to see the robot at its start.
      this.close();
    });
    this.robot = new RobotPane(model.bridge, connect, () => model.refresh());
    const tab = (t: Tab, text: string): HTMLButtonElement => {
      const b = el('button', { type: 'button', role: 'tab', class: 'tab', testid: `tab-${t}`, text });
      b.addEventListener('click', () => this.showTab(t));
      return b;
    };
    this.tabs = { sim: tab('sim', 'Simulator'), robot: tab('robot', 'Robot') };
    this.disconnectBtn.addEventListener('click', () => {
      setText(this.disconnectError, '');
      model.bridge.call('disconnect', undefined).catch((err: unknown) => setText(this.disconnectError, errorText(err)));
    });
    this.overlay.body.append(
      el('div', { class: 'dialog-status-row' }, this.status, this.disconnectBtn, this.disconnectError),
      el('div', { class: 'tabs', role: 'tablist' }, this.tabs.sim, this.tabs.robot),
      this.sim.root, this.robot.root);
    model.onProfiles.on((p) => this.robot.setProfiles(p));
    model.onInfo.on((info) => this.sim.setWorlds(info.worlds));
    model.onState.on((s) => this.updateStatus(s));
    this.robot.setProfiles(model.profiles);
    this.showTab('sim');
  }

  get root(): HTMLElement {
    return this.overlay.root;
  }

  get isOpen(): boolean {
    return this.overlay.isOpen;
  }

  open(): void {
    if (this.overlay.isOpen) return;
    const s = this.model.state;
    const target = s?.target ?? null;
    const defaults = this.model.info?.defaults ?? { world: 'lane', seed: 1 };
    this.sim.load(target?.kind === 'sim' ? target.world : defaults.world, target?.kind === 'sim' ? target.seed : defaults.seed);
    this.robot.reset();
    this.showTab(target?.kind === 'robot' ? 'robot' : 'sim');
    if (s) this.updateStatus(s);
    this.overlay.open();
    if (this.tab === 'sim') this.sim.focus();
    void this.model.refresh();
  }

  close(): void {
    this.overlay.close();
  }

  toggle(): void {
    if (this.overlay.isOpen) this.close();
    else this.open();
  }

  /** Null on success (the dialog closes), else what went wrong, for the pane to show. */
  private async connect(target: ConnectTarget): Promise<string | null> {
    const state = await this.model.bridge.call('connect', target);
    if (state.link.status === 'failed') return state.link.lastError ?? 'The connection failed.';
    this.close();
    return null;
  }

  private showTab(t: Tab): void {
    this.tab = t;
    for (const [name, b] of Object.entries(this.tabs)) {
      setAttr(b, 'aria-selected', String(name === t));
    }
    this.sim.root.hidden = t !== 'sim';
    this.robot.root.hidden = t !== 'robot';
  }

  private updateStatus(s: LiveState): void {
    if (!this.overlay.isOpen) return;
    setText(this.status, s.target ? `${targetLabel(s.target, s.profile)} — ${LINK_LABEL[s.link.status]}` : 'Not connected to any robot or simulator.');
    setAttr(this.status, 'data-status', s.link.status);
    this.disconnectBtn.hidden = s.target === null;
    this.sim.setRunning(s.target?.kind === 'sim' && s.link.status === 'connected');
  }
}
