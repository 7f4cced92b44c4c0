import type { RobotProfile } from '../../src/app/contract.ts';
import { el, setText } from '../dom.ts';
import { checkText, fieldForError, getPath, PROFILE_FIELDS, readNumber, setPath, type FieldSpec } from './profile-fields.ts';

type Control = HTMLInputElement | HTMLSelectElement;

interface Row {
  spec: FieldSpec;
  control: Control;
  error: HTMLElement;
}

/** A form over every RobotProfile field, generated from PROFILE_FIELDS. */
export class ProfileEditor {
  readonly root: HTMLElement;
  private readonly rows = new Map<string, Row>();
  private readonly formError = el('div', { class: 'field-error', testid: 'profile-error' });
  private original: RobotProfile | null = null;

  constructor(actions: HTMLElement) {
    const groups = new Map<string, HTMLElement>();
    for (const spec of PROFILE_FIELDS) {
      let group = groups.get(spec.group);
      if (!group) {
        group = el('fieldset', { class: 'form-group' }, el('legend', { text: spec.group }));
        groups.set(spec.group, group);
      }
      group.append(this.makeRow(spec));
    }
    this.root = el('form', { class: 'profile-editor', testid: 'profile-editor', novalidate: true },
      el('div', { class: 'form-groups' }, ...groups.values()), this.formError, actions);
    this.root.addEventListener('submit', (e) => e.preventDefault());
  }

  load(profile: RobotProfile): void {
    this.original = profile;
    for (const { spec, control } of this.rows.values()) {
      const v = getPath(profile, spec.path);
      if (control instanceof HTMLInputElement && spec.kind === 'checkbox') control.checked = v === true;
      else control.value = v === undefined || v === null ? '' : String(v);
    }
    this.clearErrors();
  }

  /** The edited profile, or null after marking each field that is wrong. */
  read(): RobotProfile | null {
    this.clearErrors();
    const out = structuredClone(this.original ?? {}) as Record<string, unknown>;
    let ok = true;
    for (const { spec, control, error } of this.rows.values()) {
      const read = this.valueOf(spec, control);
      if ('error' in read) {
        setText(error, read.error);
        ok = false;
        continue;
      }
      setPath(out, spec.path, read.value);
    }
    if (!ok) this.setFormError('Fix the marked fields.');
    return ok ? (out as unknown as RobotProfile) : null;
  }

  /** Shows an error from the core next to the field it names, or under the form. */
  showError(message: string): void {
    const path = fieldForError(message);
    const row = path ? this.rows.get(path) : undefined;
    if (row) {
      setText(row.error, message);
      row.control.focus();
    }
    this.setFormError(row ? `Not saved: ${message}` : message);
  }

  clearErrors(): void {
    for (const r of this.rows.values()) setText(r.error, '');
    this.setFormError('');
  }

  focusFirst(): void {
    this.rows.get('name')?.control.focus();
  }

  private setFormError(text: string): void {
    setText(this.formError, text);
    this.formError.hidden = text === '';
  }

  private valueOf(spec: FieldSpec, control: Control): { value: unknown } | { error: string } {
    if (spec.kind === 'checkbox') return { value: (control as HTMLInputElement).checked };
    if (spec.kind === 'number') {
      const v = readNumber(spec, control.value);
      return typeof v === 'string' ? { error: v } : { value: v };
    }
    if (spec.kind === 'select' && spec.options?.every((o) => /^-?\d+$/.test(o.value))) return { value: Number(control.value) };
    const problem = checkText(spec, control.value);
    return problem ? { error: problem } : { value: control.value.trim() };
  }

  private makeRow(spec: FieldSpec): HTMLElement {
    const id = `pf-${spec.path.replace(/\./g, '-')}`;
    let control: Control;
    if (spec.kind === 'select') {
      control = el('select', { id }, ...(spec.options ?? []).map((o) => el('option', { value: o.value, text: o.label })));
    } else if (spec.kind === 'checkbox') {
      control = el('input', { id, type: 'checkbox' });
    } else {
      // Numbers are text fields too: a number input changes under the scroll wheel and hides what was typed wrong.
      control = el('input', { id, type: 'text', inputmode: spec.kind === 'number' ? (spec.integer ? 'numeric' : 'decimal') : undefined,
        placeholder: spec.placeholder, spellcheck: 'false', autocomplete: 'off' });
    }
    control.setAttribute('data-field', spec.path);
    const error = el('div', { class: 'field-error', 'data-error-for': spec.path });
    this.rows.set(spec.path, { spec, control, error });
    return el('div', { class: `field field-${spec.kind}` },
      el('label', { for: id, text: spec.label }),
      el('div', { class: 'field-control' }, control, spec.unit ? el('span', { class: 'unit', text: spec.unit }) : null),
      spec.help ? el('div', { class: 'field-help', text: spec.help }) : null,
      error);
  }
}
