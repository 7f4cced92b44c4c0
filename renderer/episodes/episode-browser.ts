import type { EpisodeEntry, LiveState } from '../../src/app/contract.ts';
import { Overlay, type OverlayStack } from '../dialog/overlay.ts';
import { el, isTextEntry, setClass, setHidden, setText } from '../dom.ts';
import type { AppModel } from '../model.ts';
import { EmptyState, type EmptyReason } from './empty-state.ts';
import { EpisodeActionBar } from './episode-action-bar.ts';
import { EpisodeCommands } from './episode-commands.ts';
import { EpisodeFilters } from './episode-filters.ts';
import { EpisodeTable } from './episode-table.ts';
import { mmss } from './format.ts';
import { browserAction, type BrowserAction, type FocusKind } from './keys.ts';
import { NotesEditor } from './notes-editor.ts';
import { DEFAULT_SORT, filterEpisodes, keepSelection, nextSort, NO_FILTER, roundsOf, sortEpisodes, type EpisodeFilter, type SortOrder } from './query.ts';
import { RoundSummaryView } from './round-summary-view.ts';

const PAGE = 10;

/**
 * E: every recorded episode, with per-round figures, sort, filter, outcome tags, notes,
 * quarantine and restore. Nothing here deletes a file.
 */
export class EpisodeBrowser {
  private readonly overlay: Overlay;
  private readonly filters = new EpisodeFilters((f) => this.setFilter(f));
  private readonly summary = new RoundSummaryView();
  private readonly table: EpisodeTable;
  private readonly actions: EpisodeActionBar;
  private readonly commands: EpisodeCommands;
  private readonly notes = new NotesEditor((id, text) => this.notesDone(id, text));
  private readonly status = el('div', { class: 'episodes-status', testid: 'episodes-status', role: 'status' });
  private readonly empty: EmptyState;
  private readonly recordingNote = el('div', { class: 'episodes-recording', testid: 'episodes-recording' });
  private filter: EpisodeFilter = NO_FILTER;
  private sort: SortOrder = DEFAULT_SORT;
  private selected: string | null = null;
  private visible: EpisodeEntry[] = [];

  constructor(private readonly stack: OverlayStack, private readonly model: AppModel, private readonly replay: (id: string) => void) {
    this.overlay = new Overlay(stack, 'Episodes', 'episodes-panel', { wide: true });
    this.commands = new EpisodeCommands(model, (message, error) => this.report(message, error));
    this.table = new EpisodeTable({
      select: (id) => {
        this.choose(id, false);
        this.table.focus();
      },
      sort: (key) => {
        this.sort = nextSort(this.sort, key);
        this.render();
      },
      editNotes: (id) => this.editNotes(id),
    });
    this.actions = new EpisodeActionBar({
      success: () => this.act('success'),
      failure: () => this.act('failure'),
      notes: () => this.act('notes'),
      quarantine: () => this.act('quarantine'),
      replay: () => this.act('replay'),
    });
    this.empty = new EmptyState(() => void this.model.refreshEpisodes(), () => {
      this.filters.reset();
      this.setFilter(this.filters.value);
    });
    this.overlay.body.classList.add('episodes-body');
    this.overlay.body.append(this.summary.root, this.filters.root, this.table.root, this.empty.root,
      this.actions.root, this.status, this.recordingNote);
    model.onEpisodes.on(() => {
      if (this.overlay.isOpen) this.render();
    });
    model.onState.on((s) => {
      if (this.overlay.isOpen) this.showRecording(s);
    });
  }

  get root(): HTMLElement {
    return this.overlay.root;
  }

  get isOpen(): boolean {
    return this.overlay.isOpen;
  }

  open(): void {
    if (this.overlay.isOpen) return;
    this.render();
    if (this.model.state) this.showRecording(this.model.state);
    this.overlay.open();
    this.table.focus();
    this.table.select(this.selected, true);
    void this.model.refreshEpisodes();
  }

  close(): void {
    this.notes.commit();
    this.overlay.close();
  }

  toggle(): void {
    if (this.overlay.isOpen) this.close();
    else this.open();
  }

  /** Keys while the browser is the top overlay; true when the key was used here. */
  handleKey(e: KeyboardEvent): boolean {
    if (!this.overlay.isOpen || this.stack.top !== this.overlay) return false;
    if (this.notes.owns(e.target)) {
      if (e.key !== 'Enter' && e.key !== 'Escape') return false;
      if (e.key === 'Enter') this.notes.commit();
      else this.notes.cancel();
      this.table.focus();
      return true;
    }
    const action = browserAction(e, focusKind(e.target));
    if (action === null) return false;
    this.act(action);
    return true;
  }

  private act(action: BrowserAction): void {
    const i = this.visible.findIndex((x) => x.id === this.selected);
    const last = this.visible.length - 1;
    const moveTo = (to: number): void => {
      const target = this.visible[Math.max(0, Math.min(last, to))];
      if (target) this.choose(target.id, true);
    };
    const e = i >= 0 ? this.visible[i] : undefined;
    switch (action) {
      case 'up': return moveTo(i < 0 ? 0 : i - 1);
      case 'down': return moveTo(i + 1);
      case 'pageUp': return moveTo(i - PAGE);
      case 'pageDown': return moveTo(i + PAGE);
      case 'first': return moveTo(0);
      case 'last': return moveTo(last);
      case 'notes': if (e) this.editNotes(e.id); return;
    }
    if (!e) return;
    if (action === 'replay') return this.replay(e.id);
    if (action === 'success' || action === 'failure') void this.commands.tag(e, action);
    else void this.commands.toggleQuarantine(e);
    // The call is under way: its buttons wait for the answer.
    this.updateActions();
  }

  private setFilter(f: EpisodeFilter): void {
    this.filter = f;
    this.render();
  }

  private render(): void {
    const all = this.model.episodes;
    const before = this.visible.findIndex((x) => x.id === this.selected);
    this.visible = sortEpisodes(filterEpisodes(all, this.filter), this.sort);
    this.summary.update(all);
    this.filters.setRounds(roundsOf(all));
    const hidden = this.filter.showQuarantined ? 0 : filterEpisodes(all, { ...this.filter, showQuarantined: true }).length - this.visible.length;
    this.filters.setCount(this.visible.length, all.length, hidden);
    this.table.render(this.visible, this.sort);
    this.selected = keepSelection(this.visible, this.selected, before);
    this.table.select(this.selected, false);
    this.updateActions();
    this.showEmpty(all.length);
  }

  private choose(id: string, reveal: boolean): void {
    this.selected = id;
    this.table.select(id, reveal);
    this.updateActions();
  }

  private updateActions(): void {
    const e = this.visible.find((x) => x.id === this.selected) ?? null;
    this.actions.update(e, e !== null && this.commands.isBusy(e.id));
  }

  private editNotes(id: string): void {
    const e = this.visible.find((x) => x.id === id);
    if (!e) return;
    this.choose(id, true);
    const cell = this.table.notesCell(id);
    if (cell) this.notes.start(id, cell, e.notes);
  }

  private notesDone(id: string, text: string | null): void {
    // An edit can end inside a redraw (the row left the page, its input lost focus):
    // redraw again only once that one is over.
    queueMicrotask(() => {
      const e = this.model.episodes.find((x) => x.id === id);
      this.table.unpin();
      this.render();
      if (e && text !== null) void this.commands.setNotes(e, text);
    });
  }

  private report(message: string, error: boolean): void {
    setText(this.status, message);
    setClass(this.status, 'error', error);
    this.updateActions();
  }

  private showEmpty(total: number): void {
    const error = this.model.episodesError;
    const reason: EmptyReason | null = this.visible.length > 0 ? null
      : total === 0 && error ? { kind: 'error', error } : total === 0 ? { kind: 'none' } : { kind: 'filtered' };
    this.empty.update(reason);
    setHidden(this.table.root, reason !== null);
    // With nothing recorded there is nothing to filter or act on.
    setHidden(this.filters.root, total === 0);
    setHidden(this.actions.root, total === 0);
  }

  private showRecording(s: LiveState): void {
    const r = s.recording;
    let text = '';
    if (r?.state === 'recording') text = `Recording ${r.episodeId ?? 'an episode'} (${mmss(r.durationS)}): it appears here when it closes. N closes it now and starts the next.`;
    else if (r?.state === 'error') text = `Recording stopped on an error: ${r.lastError ?? 'see Problems'}.`;
    setText(this.recordingNote, text);
    setHidden(this.recordingNote, text === '');
  }
}

function focusKind(target: EventTarget | null): FocusKind {
  if (isTextEntry(target)) return 'text';
  if (target instanceof HTMLButtonElement || target instanceof HTMLInputElement) return 'control';
  return 'none';
}
