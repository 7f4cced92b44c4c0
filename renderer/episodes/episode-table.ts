import type { EpisodeEntry } from '../../src/app/contract.ts';
import { el, setAttr, setClass } from '../dom.ts';
import { cellContent } from './cells.ts';
import { COLUMNS, type ColumnKey } from './columns.ts';
import type { SortOrder } from './query.ts';
import { revealRow, rowWindow } from './row-window.ts';

export interface TableHandlers {
  select(id: string): void;
  sort(key: ColumnKey): void;
  editNotes(id: string): void;
}

interface Row {
  entry: EpisodeEntry;
  tr: HTMLTableRowElement;
}

/** Matches `.episode-row td { height }` in the style sheet; measured once rows exist. */
const DEFAULT_ROW_HEIGHT = 48;

/**
 * The episode rows. Only the rows in view (and a margin) are in the page, a row is rebuilt
 * only when its entry changed, and selecting moves two classes, so sorting or refreshing a
 * few hundred episodes costs what a screenful does.
 */
export class EpisodeTable {
  readonly root: HTMLElement;
  private readonly head: HTMLTableSectionElement;
  private readonly body = el('tbody');
  private readonly padTop = padRow();
  private readonly padBottom = padRow();
  private readonly headers = new Map<ColumnKey, HTMLTableCellElement>();
  private readonly rows = new Map<string, Row>();
  private entries: readonly EpisodeEntry[] = [];
  private selected: string | null = null;
  /** The row whose notes cell holds an editor: left alone by refreshes. */
  private pinned: string | null = null;
  private rowHeight = DEFAULT_ROW_HEIGHT;
  private frame = 0;

  constructor(h: TableHandlers) {
    this.head = el('thead', {}, el('tr', {}, ...COLUMNS.map((c) => {
      const button = el('button', { type: 'button', class: 'sort', testid: `sort-${c.key}`, title: `${c.title}. Click to sort.` }, c.label, el('span', { class: 'sort-mark' }));
      button.addEventListener('click', () => h.sort(c.key));
      const th = el('th', { class: `col-${c.key}${c.numeric ? ' num' : ''}`, scope: 'col' }, button);
      this.headers.set(c.key, th);
      return th;
    })));
    this.body.addEventListener('click', (e) => {
      // A click inside the notes editor places the caret; it must not end the edit.
      if (e.target instanceof HTMLInputElement) return;
      const id = rowId(e.target);
      if (id !== null) h.select(id);
    });
    this.body.addEventListener('dblclick', (e) => {
      const id = rowId(e.target);
      if (id !== null && e.target instanceof Element && e.target.closest('td.col-notes')) h.editNotes(id);
    });
    this.root = el('div', { class: 'episodes-scroll', tabindex: '0', testid: 'episodes-table' },
      el('table', { class: 'episodes' }, this.head, this.body));
    this.root.addEventListener('scroll', () => {
      if (this.frame === 0) this.frame = requestAnimationFrame(() => this.paint());
    }, { passive: true });
  }

  render(entries: readonly EpisodeEntry[], order: SortOrder): void {
    for (const [key, th] of this.headers) {
      const on = key === order.key;
      setAttr(th, 'aria-sort', on ? (order.dir === 'asc' ? 'ascending' : 'descending') : 'none');
      const mark = th.querySelector('.sort-mark');
      if (mark) mark.textContent = on ? (order.dir === 'asc' ? ' ▲' : ' ▼') : '';
    }
    this.entries = entries;
    const present = new Set(entries.map((e) => e.id));
    for (const id of [...this.rows.keys()]) if (!present.has(id) && id !== this.pinned) this.rows.delete(id);
    this.paint();
  }

  select(id: string | null, reveal: boolean): void {
    const old = this.selected === null ? undefined : this.rows.get(this.selected)?.tr;
    if (old) {
      setClass(old, 'selected', false);
      setAttr(old, 'aria-selected', 'false');
    }
    this.selected = id;
    const tr = id === null ? undefined : this.rows.get(id)?.tr;
    if (tr) {
      setClass(tr, 'selected', true);
      setAttr(tr, 'aria-selected', 'true');
    }
    if (reveal && id !== null) this.reveal(this.entries.findIndex((e) => e.id === id));
  }

  /** The notes cell of a row, for the inline editor; pinned until `unpin`. */
  notesCell(id: string): HTMLTableCellElement | null {
    const tr = this.rows.get(id)?.tr;
    const td = tr?.isConnected ? tr.querySelector<HTMLTableCellElement>('td.col-notes') : null;
    if (td) this.pinned = id;
    return td ?? null;
  }

  /** Ends an edit: the row is redrawn from its latest entry at the next render. */
  unpin(): void {
    if (this.pinned !== null) this.rows.delete(this.pinned);
    this.pinned = null;
  }

  focus(): void {
    this.root.focus({ preventScroll: true });
  }

  private reveal(index: number): void {
    if (index < 0) return;
    const viewport = this.root.clientHeight - this.head.offsetHeight;
    const to = revealRow(index, this.root.scrollTop, viewport, this.rowHeight);
    if (to !== null) this.root.scrollTop = to;
    this.paint();
  }

  private paint(remeasure = true): void {
    if (this.frame !== 0) cancelAnimationFrame(this.frame);
    this.frame = 0;
    const viewport = this.root.clientHeight - this.head.offsetHeight;
    // A list that got shorter (a filter) would otherwise leave us scrolled past its end.
    const maxTop = Math.max(0, this.entries.length * this.rowHeight - Math.max(0, viewport));
    if (this.root.scrollTop > maxTop) this.root.scrollTop = maxTop;
    const { first, end } = rowWindow(this.root.scrollTop, viewport, this.rowHeight, this.entries.length);
    const trs = this.entries.slice(first, end).map((entry) => this.rowFor(entry));
    this.padTop.style.height = `${first * this.rowHeight}px`;
    this.padBottom.style.height = `${(this.entries.length - end) * this.rowHeight}px`;
    this.place([this.padTop, ...trs, this.padBottom]);
    const measured = trs[0]?.offsetHeight ?? 0;
    if (remeasure && measured > 0 && measured !== this.rowHeight) {
      this.rowHeight = measured;
      this.paint(false);
    }
  }

  /**
   * Puts the rows in order. The row being edited is never detached: that would blur its
   * input and end the edit, so the others are arranged around it.
   */
  private place(next: HTMLTableRowElement[]): void {
    const now = this.body.children;
    if (now.length === next.length && next.every((tr, i) => now[i] === tr)) return;
    const anchor = this.pinned === null ? undefined : this.rows.get(this.pinned)?.tr;
    const at = anchor && anchor.parentNode === this.body ? next.indexOf(anchor) : -1;
    if (!anchor || at < 0) {
      this.body.replaceChildren(...next);
      return;
    }
    const keep = new Set<Element>(next);
    for (const child of [...now]) if (!keep.has(child)) child.remove();
    for (const tr of next.slice(0, at)) this.body.insertBefore(tr, anchor);
    for (const tr of next.slice(at + 1)) this.body.append(tr);
  }

  private rowFor(entry: EpisodeEntry): HTMLTableRowElement {
    const old = this.rows.get(entry.id);
    if (old && (old.entry === entry || entry.id === this.pinned || sameEntry(old.entry, entry))) {
      if (entry.id !== this.pinned) old.entry = entry;
      return old.tr;
    }
    const row = { entry, tr: this.buildRow(entry) };
    this.rows.set(entry.id, row);
    return row.tr;
  }

  private buildRow(e: EpisodeEntry): HTMLTableRowElement {
    const tr = el('tr', {
      class: `episode-row${e.quarantined ? ' quarantined' : ''}${e.id === this.selected ? ' selected' : ''}`,
      testid: 'episode-row', 'data-id': e.id, 'aria-selected': String(e.id === this.selected),
      'data-outcome': e.outcome ?? 'none', 'data-quarantined': String(e.quarantined), 'data-complete': String(e.complete),
    }, ...COLUMNS.map((c) => el('td', { class: `col-${c.key}${c.numeric ? ' num' : ''}` }, ...cellContent(e, c.key))));
    if (e.notes) tr.querySelector('td.col-notes')?.setAttribute('title', e.notes);
    return tr;
  }
}

/** Stands in for the rows above or below the drawn window, keeping the scroll height true. */
function padRow(): HTMLTableRowElement {
  return el('tr', { class: 'pad', 'aria-hidden': 'true' }, el('td', { colspan: String(COLUMNS.length) }));
}

function rowId(target: EventTarget | null): string | null {
  if (!(target instanceof Element)) return null;
  return target.closest('tr.episode-row')?.getAttribute('data-id') ?? null;
}

/** Entries are plain JSON from the core; equal text means nothing to redraw. */
function sameEntry(a: EpisodeEntry, b: EpisodeEntry): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
