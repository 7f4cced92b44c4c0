import type { ConnectTarget, HostBridge, RobotProfile } from '../../src/app/contract.ts';
import { el, errorText, setText } from '../dom.ts';
import { ProfileEditor } from './profile-editor.ts';
import { defaultProfile } from './profile-fields.ts';

/** Saved robot profiles: pick one and connect, or create, edit, duplicate, delete. */
export class RobotPane {
  readonly root: HTMLElement;
  private readonly list = el('div', { class: 'choice-list', role: 'radiogroup', 'aria-label': 'Robot profile', testid: 'profile-list' });
  private readonly empty = el('div', { class: 'muted', text: 'No robot profiles yet. Create one with New.' });
  private readonly connectBtn = el('button', { type: 'button', class: 'primary', testid: 'btn-connect-robot', text: 'Connect' });
  private readonly connectError = el('div', { class: 'field-error', testid: 'connect-error-robot', role: 'alert' });
  private readonly actionError = el('div', { class: 'field-error', testid: 'profile-action-error', role: 'alert' });
  private readonly deleteBtn = el('button', { type: 'button', class: 'danger', testid: 'btn-delete-profile', text: 'Delete' });
  private readonly browse: HTMLElement;
  private readonly editorBox: HTMLElement;
  private readonly editor: ProfileEditor;
  private readonly editTitle = el('h3', { class: 'edit-title' });
  private readonly saveBtn = el('button', { type: 'button', class: 'primary', testid: 'btn-save-profile', text: 'Save profile' });
  private profiles: RobotProfile[] = [];
  private selected: string | null = null;
  /** The name the edited profile had when the editor opened (null: a new profile). */
  private editing: string | null = null;
  private confirmTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly bridge: HostBridge, private readonly connect: (t: ConnectTarget) => Promise<string | null>,
    private readonly refreshProfiles: () => Promise<void>) {
    const button = (text: string, testid: string, onClick: () => void): HTMLButtonElement => {
      const b = el('button', { type: 'button', testid, text });
      b.addEventListener('click', onClick);
      return b;
    };
    this.connectBtn.addEventListener('click', () => void this.submit());
    this.deleteBtn.addEventListener('click', () => void this.remove());
    this.browse = el('div', { class: 'pane-browse' },
      this.empty, this.list,
      el('div', { class: 'actions' }, this.connectBtn,
        el('span', { class: 'spacer' }),
        button('New', 'btn-new-profile', () => this.edit(null)),
        button('Edit', 'btn-edit-profile', () => this.editSelected(false)),
        button('Duplicate', 'btn-duplicate-profile', () => this.editSelected(true)),
        this.deleteBtn),
      this.connectError, this.actionError);
    const cancel = button('Cancel', 'btn-cancel-profile', () => this.showBrowse());
    this.saveBtn.addEventListener('click', () => void this.save());
    this.editor = new ProfileEditor(el('div', { class: 'actions' }, this.saveBtn, cancel));
    this.editorBox = el('div', { class: 'pane-edit' }, this.editTitle, this.editor.root);
    this.editorBox.hidden = true;
    this.root = el('div', { class: 'pane', testid: 'pane-robot' }, this.browse, this.editorBox);
  }

  get isEditing(): boolean {
    return !this.editorBox.hidden;
  }

  setProfiles(profiles: RobotProfile[], prefer?: string): void {
    this.profiles = profiles;
    const names = profiles.map((p) => p.name);
    if (prefer && names.includes(prefer)) this.selected = prefer;
    if (!this.selected || !names.includes(this.selected)) this.selected = names[0] ?? null;
    this.empty.hidden = profiles.length > 0;
    this.list.replaceChildren(...profiles.map((p) => {
      const input = el('input', { type: 'radio', name: 'robot-profile', value: p.name, 'data-profile': p.name });
      input.checked = p.name === this.selected;
      input.addEventListener('change', () => { if (input.checked) this.selected = p.name; });
      return el('label', { class: 'choice' }, input, el('span', { class: 'choice-title', text: p.name }),
        el('span', { class: 'choice-text', text: `${p.url} · ${p.cmdTopic}` }));
    }));
  }

  reset(): void {
    this.showBrowse();
    setText(this.connectError, '');
  }

  private current(): RobotProfile | null {
    return this.profiles.find((p) => p.name === this.selected) ?? null;
  }

  private showBrowse(): void {
    this.editorBox.hidden = true;
    this.browse.hidden = false;
    setText(this.actionError, '');
  }

  private editSelected(copy: boolean): void {
    const p = this.current();
    if (p) this.edit(p, copy);
    else setText(this.actionError, 'Choose a profile first.');
  }

  private edit(profile: RobotProfile | null, copy = false): void {
    setText(this.actionError, '');
    const base = profile ? structuredClone(profile) : defaultProfile(this.freeName('robot'));
    if (copy && profile) base.name = this.freeName(`${profile.name}-copy`);
    this.editing = profile && !copy ? profile.name : null;
    setText(this.editTitle, this.editing ? `Edit “${this.editing}”` : 'New robot profile');
    this.editor.load(base);
    this.browse.hidden = true;
    this.editorBox.hidden = false;
    this.editor.focusFirst();
  }

  private async save(): Promise<void> {
    const profile = this.editor.read();
    if (!profile) return;
    this.saveBtn.disabled = true;
    try {
      const saved = await this.bridge.call('saveProfile', profile);
      // Renamed in the editor: the old entry would otherwise linger as a stale twin.
      if (this.editing && this.editing !== saved.name) await this.bridge.call('deleteProfile', { name: this.editing });
      await this.refreshProfiles();
      this.setProfiles(this.profiles, saved.name);
      this.showBrowse();
    } catch (err) {
      this.editor.showError(errorText(err));
    } finally {
      this.saveBtn.disabled = false;
    }
  }

  private async remove(): Promise<void> {
    const p = this.current();
    if (!p) {
      setText(this.actionError, 'Choose a profile first.');
      return;
    }
    // Two clicks: the first arms the button for three seconds.
    if (!this.confirmTimer) {
      setText(this.deleteBtn, `Delete “${p.name}”?`);
      this.confirmTimer = setTimeout(() => this.disarmDelete(), 3000);
      return;
    }
    this.disarmDelete();
    try {
      await this.bridge.call('deleteProfile', { name: p.name });
      await this.refreshProfiles();
    } catch (err) {
      setText(this.actionError, errorText(err));
    }
  }

  private disarmDelete(): void {
    if (this.confirmTimer) clearTimeout(this.confirmTimer);
    this.confirmTimer = null;
    setText(this.deleteBtn, 'Delete');
  }

  private freeName(stem: string): string {
    const names = new Set(this.profiles.map((p) => p.name));
    if (!names.has(stem)) return stem;
    for (let i = 2; ; i++) if (!names.has(`${stem}-${i}`)) return `${stem}-${i}`;
  }

  private async submit(): Promise<void> {
    const p = this.current();
    if (!p) {
      setText(this.connectError, 'Choose a profile first, or create one with New.');
      return;
    }
    setText(this.connectError, '');
    this.connectBtn.disabled = true;
    setText(this.connectBtn, 'Connecting…');
    try {
      const problem = await this.connect({ kind: 'robot', profile: p.name });
      if (problem) setText(this.connectError, problem);
    } catch (err) {
      setText(this.connectError, errorText(err));
    } finally {
      this.connectBtn.disabled = false;
      setText(this.connectBtn, 'Connect');
    }
  }
}
