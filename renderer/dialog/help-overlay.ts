import { el } from '../dom.ts';
import { Overlay, type OverlayStack } from './overlay.ts';

const SAFETY: ReadonlyArray<[string, string]> = [
  ['Space', 'E-STOP (works everywhere, even in dialogs and text fields)'],
  ['X', 'Reset the e-stop'],
  ['R', 'Re-arm after a link loss (while Shift is not held)'],
];
const DRIVING: ReadonlyArray<[string, string]> = [
  ['Shift (hold)', 'Enable / deadman — nothing moves without it (LB on a gamepad)'],
  ['W / S or ↑ / ↓', 'Forward / back'],
  ['A / D or ← / →', 'Turn left / right'],
  ['Q / E', 'Strafe left / right'],
  ['R / F', 'Up / down (drones)'],
  ['Ctrl (hold)', 'Turbo'],
];
const VIEW: ReadonlyArray<[string, string]> = [
  ['C', 'Camera: follow ↔ orbit (drag the view to orbit)'],
  ['K', 'Connection dialog'],
  ['?', 'This help'],
  ['Esc', 'Close dialogs'],
];

function table(title: string, rows: ReadonlyArray<[string, string]>): HTMLElement {
  return el('section', { class: 'help-section' }, el('h3', { text: title }),
    el('table', { class: 'help-table' }, ...rows.map(([k, what]) => el('tr', {},
      el('td', {}, ...k.split(' ').map((part) => (/^[A-Z↑↓←→?]$|^Space$|^Shift$|^Ctrl$|^Esc$/.test(part) ? el('kbd', { text: part }) : ` ${part} `))),
      el('td', { text: what })))));
}

/** ?: every key the operator can press. */
export function createHelpOverlay(stack: OverlayStack): Overlay {
  const overlay = new Overlay(stack, 'Keys', 'help-overlay');
  overlay.body.append(el('div', { class: 'help-grid' },
    table('Safety', SAFETY), table('Driving (keyboard)', DRIVING), table('View', VIEW)),
  el('p', { class: 'muted', text: 'Gamepad: hold LB to drive, left stick moves and turns, RB for turbo. Keys do nothing while a text field has focus, except Space (E-STOP) and Esc.' }));
  return overlay;
}
