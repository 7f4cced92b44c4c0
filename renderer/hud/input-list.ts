import type { InputSourceInfo } from '../../src/app/contract.ts';
import { el } from '../dom.ts';

const KIND_LABEL: Record<InputSourceInfo['kind'], string> = {
  hid: 'USB pad', 'browser-gamepad': 'Gamepad', keyboard: 'Keyboard', virtual: 'Virtual',
};

/** Which input sources the core hears, and which one it is following. */
export class InputList {
  private readonly list = el('ul', { class: 'inputs', testid: 'hud-inputs' });
  private readonly empty = el('div', { class: 'muted', text: 'No input yet: press a key or a gamepad button' });
  readonly root = el('section', { class: 'panel' }, el('h2', { text: 'Input' }), this.empty, this.list);
  private lastKey = '';

  update(inputs: readonly InputSourceInfo[]): void {
    const key = JSON.stringify(inputs.map((i) => [i.id, i.label, i.active, i.enable, i.ageMs > 1000]));
    if (key === this.lastKey) return;
    this.lastKey = key;
    this.empty.hidden = inputs.length > 0;
    this.list.replaceChildren(...inputs.map((i) => el('li', {
      class: `input${i.active ? ' active' : ''}${i.ageMs > 1000 ? ' quiet' : ''}`,
      'data-id': i.id, 'data-active': String(i.active),
    },
    i.label.toLowerCase() === KIND_LABEL[i.kind].toLowerCase() ? null : el('span', { class: 'input-kind', text: KIND_LABEL[i.kind] }),
    el('span', { class: 'input-label', text: i.label, title: i.label }),
    i.active ? el('span', { class: 'tag tag-active', text: 'ACTIVE' }) : null,
    i.enable ? el('span', { class: 'tag tag-enable', text: 'ENABLE' }) : null)));
  }
}
