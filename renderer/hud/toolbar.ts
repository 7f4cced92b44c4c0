import type { LiveState, ReplayState } from '../../src/app/contract.ts';
import { el, setAttr, setClass, setHidden, setText } from '../dom.ts';
import type { ControlMode } from '../../src/app/contract.ts';
import { LINK_LABEL, linkDetail, staleTopics, targetLabel } from './format.ts';
import { ModeSwitch } from './mode-switch.ts';

export interface ToolbarActions {
  openConnect(): void;
  toggleCamera(): void;
  openHelp(): void;
  openEpisodes(): void;
  newEpisode(): void;
  setMode(mode: ControlMode): void;
  openTraining(): void;
  /** Closed: pick an episode to replay; open: back to live. */
  replay(): void;
}

/** Top bar: what we are connected to and how well, plus the non-safety controls. */
export class Toolbar {
  private readonly linkDot = el('span', { class: 'dot' });
  private readonly linkText = el('span', { class: 'link-status' });
  private readonly linkUrl = el('span', { class: 'link-url', testid: 'hud-link-url' });
  private readonly linkRtt = el('span', { class: 'link-rtt', testid: 'hud-rtt' });
  private readonly stale = el('span', { class: 'link-stale', testid: 'hud-stale' });
  private readonly link = el('div', { class: 'link', testid: 'hud-link', 'data-value': 'idle' },
    this.linkDot, this.linkText, this.linkUrl, this.linkRtt, this.stale);
  private readonly target = el('div', { class: 'target', testid: 'hud-target' });
  private readonly cameraBtn = el('button', { type: 'button', class: 'tool', testid: 'btn-camera', title: 'Switch camera (C)' });
  private readonly newEpisodeBtn = el('button', { type: 'button', class: 'tool', testid: 'btn-new-episode', title: 'Close this episode and start the next one (N)' },
    'New episode', el('kbd', { text: 'N' }));
  private readonly replayBtn = el('button', { type: 'button', class: 'tool', testid: 'btn-replay', 'data-value': 'closed' });
  readonly mode: ModeSwitch;
  readonly root: HTMLElement;

  constructor(actions: ToolbarActions) {
    const connect = el('button', { type: 'button', class: 'tool primary', testid: 'btn-connect-dialog', title: 'Connect to a simulator or robot (K)' },
      'Connection', el('kbd', { text: 'K' }));
    const help = el('button', { type: 'button', class: 'tool', testid: 'btn-help', title: 'Keys and shortcuts (?)' }, 'Help', el('kbd', { text: '?' }));
    const episodes = el('button', { type: 'button', class: 'tool', testid: 'btn-episodes', title: 'Browse, tag and quarantine recorded episodes (E)' },
      'Episodes', el('kbd', { text: 'E' }));
    episodes.addEventListener('click', () => actions.openEpisodes());
    const training = el('button', { type: 'button', class: 'tool', testid: 'btn-training', title: 'Training, model history and per-round charts (T)' },
      'Training', el('kbd', { text: 'T' }));
    training.addEventListener('click', () => actions.openTraining());
    this.mode = new ModeSwitch((m) => actions.setMode(m));
    this.newEpisodeBtn.addEventListener('click', () => actions.newEpisode());
    this.replayBtn.addEventListener('click', () => actions.replay());
    this.setReplay(null);
    this.newEpisodeBtn.disabled = true;
    connect.addEventListener('click', () => actions.openConnect());
    this.cameraBtn.addEventListener('click', () => actions.toggleCamera());
    help.addEventListener('click', () => actions.openHelp());
    this.setCamera('follow');
    setText(this.linkText, LINK_LABEL.idle);
    this.root = el('header', { class: 'toolbar' },
      el('div', { class: 'brand', text: 'Intervene' }), this.link, this.target,
      this.mode.root, el('div', { class: 'spacer' }), this.newEpisodeBtn, episodes, this.replayBtn, training, connect, this.cameraBtn, help);
  }

  update(s: LiveState): void {
    this.mode.update(s.policy);
    const link = s.link;
    setAttr(this.link, 'data-value', link.status);
    setAttr(this.link, 'data-status', link.status);
    setText(this.linkText, LINK_LABEL[link.status]);
    setText(this.linkUrl, link.url);
    setText(this.linkRtt, linkDetail(link));
    const stale = staleTopics(link);
    setText(this.stale, stale.length ? `stale: ${stale.join(', ')}` : '');
    setHidden(this.stale, stale.length === 0);
    this.link.title = link.topics.map((t) =>
      `${t.topic}: ${t.rateHz.toFixed(1)} Hz${t.ageS === null ? ', nothing yet' : `, last ${t.ageS.toFixed(1)} s ago`}${t.stale ? ' (stale)' : ''}`,
    ).join('\n') || 'No topics yet';
    setText(this.target, targetLabel(s.target, s.profile));
    // Nothing to close or start while nothing is being driven.
    const canSplit = (s.recording?.state ?? 'off') !== 'off';
    if (this.newEpisodeBtn.disabled === canSplit) this.newEpisodeBtn.disabled = !canSplit;
  }

  setReplay(s: ReplayState | null): void {
    const label = s === null ? 'Replay' : `Replay${s.relabel ? ' · relabel' : s.playing ? ' ▶' : ' ❚❚'}`;
    if (this.replayBtn.firstChild?.textContent !== label) this.replayBtn.replaceChildren(label, s ? el('kbd', { text: 'Esc' }) : '');
    setAttr(this.replayBtn, 'data-value', s === null ? 'closed' : s.relabel ? 'relabel' : 'open');
    setClass(this.replayBtn, 'active', s !== null);
    this.replayBtn.title = s === null ? 'Replay a recorded episode: pick one in the episode browser (E), then P' : `Replaying ${s.episodeId}: click to close it and go back to live driving (Esc)`;
  }

  /** While the console host is unreachable the last link status is history, not news. */
  setHostUp(up: boolean): void {
    setClass(this.link, 'unknown', !up);
  }

  setCamera(mode: 'follow' | 'orbit'): void {
    this.cameraBtn.replaceChildren(`Camera: ${mode}`, el('kbd', { text: 'C' }));
    setAttr(this.cameraBtn, 'data-value', mode);
  }
}
