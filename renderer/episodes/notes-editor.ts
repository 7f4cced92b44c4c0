import { el } from '../dom.ts';

/**
 * Inline notes: Enter or leaving the field saves, Esc puts the old text back. `done`
 * gets null when the edit was cancelled.
 */
export class NotesEditor {
  private input: HTMLInputElement | null = null;
  private id: string | null = null;
  private initial = '';

  constructor(private readonly done: (id: string, notes: string | null) => void) {}

  get editing(): string | null {
    return this.id;
  }

  owns(target: EventTarget | null): boolean {
    return this.input !== null && target === this.input;
  }

  start(id: string, cell: HTMLElement, notes: string): void {
    this.commit();
    const input = el('input', {
      type: 'text', class: 'notes-input', testid: 'episode-notes-input', value: notes, maxlength: '2000',
      spellcheck: 'true', autocomplete: 'off', 'aria-label': `Notes for ${id}`, placeholder: 'Notes (Enter saves, Esc cancels)',
    });
    input.addEventListener('blur', () => this.commit());
    this.input = input;
    this.id = id;
    this.initial = notes;
    cell.replaceChildren(input);
    input.focus();
    input.select();
  }

  commit(): void {
    const value = this.input?.value.trim();
    this.finish(value === undefined || value === this.initial ? null : value);
  }

  cancel(): void {
    this.finish(null);
  }

  private finish(notes: string | null): void {
    const id = this.id;
    if (id === null) return;
    // Cleared first: redrawing the row removes the input, which blurs it and calls back here.
    this.input = null;
    this.id = null;
    this.done(id, notes);
  }
}
