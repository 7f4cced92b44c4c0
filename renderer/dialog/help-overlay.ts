import { el } from '../dom.ts';
import { Overlay, type OverlayStack } from './overlay.ts';

const SAFETY: ReadonlyArray<[string, string]> = [
  ['Space', 'E-STOP (works everywhere, even in dialogs and text fields; in a text field it types a space only once the E-STOP is latched or nothing is connected)'],
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
const RECORDING: ReadonlyArray<[string, string]> = [
  ['N', 'New episode: close this one, start recording the next'],
  ['E', 'Episode browser (while Shift is not held)'],
];
const POLICY: ReadonlyArray<[string, string]> = [
  ['M', 'Mode: Teleop ↔ Autonomous (gated) (while Shift is not held)'],
  ['Shift (hold)', 'In gated mode: take over from the policy (LB on a gamepad); release to hand back'],
  ['T', 'Training panel: train, cancel, model history, per-round charts (while Shift is not held)'],
];
const BROWSER: ReadonlyArray<[string, string]> = [
  ['↑ / ↓', 'Select the previous / next episode (PgUp, PgDn, Home, End jump)'],
  ['S', 'Tag success (again to clear)'],
  ['F', 'Tag failure (again to clear)'],
  ['Q', 'Quarantine (kept on disk, excluded from training) / restore'],
  ['Enter', 'Edit notes; Enter saves, Esc cancels'],
  ['Esc', 'Close the browser'],
];
const REPLAY: ReadonlyArray<[string, string]> = [
  ['P', 'In the episode browser: replay the selected episode (the live robot is held until the replay closes)'],
  ['Space', 'During a replay: play / pause (not the E-STOP; the E-STOP button stays on screen and works)'],
  ['← / →', 'Seek 1 s (Shift: one frame, Alt: 10 s)'],
  [', / .', 'One frame back / forward'],
  ['[ / ]', 'Slower / faster (0.01× … 2×)'],
  ['Home / End', 'Start / end (of the loop, when looping)'],
  ['Shift+drag', 'On the timeline: select a range (click or drag: seek)'],
  ['L', 'Loop the selected range (again clears)'],
  ['I', 'Select the seconds before the next takeover (cycles)'],
  ['R', 'Start a relabel pass on the range; hold Shift + WASD (LB + sticks) to drive the ghost'],
  ['Enter / ⌫', 'During a pass: stop and keep it (pending) / stop and discard it'],
  ['A / D', 'Accept / discard the selected pass in the list'],
  ['J', 'Reaction-time calibration (per operator)'],
  ['Esc', 'Close the replay (during a pass: asks keep or discard)'],
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
      el('td', {}, ...k.split(' ').map((part) => (/^[A-Z↑↓←→?,.[\]⌫]$|^Space$|^Shift$|^Ctrl$|^Esc$|^Enter$|^Home$|^End$|^Shift\+drag$/.test(part) ? el('kbd', { text: part }) : ` ${part} `))),
      el('td', { text: what })))));
}

/** ?: every key the operator can press. */
export function createHelpOverlay(stack: OverlayStack): Overlay {
  const overlay = new Overlay(stack, 'Keys', 'help-overlay');
  overlay.body.append(el('div', { class: 'help-grid' },
    table('Safety', SAFETY), table('Driving (keyboard)', DRIVING), table('Recording', RECORDING), table('Policy', POLICY),
    table('Episode browser', BROWSER), table('Replay and relabel', REPLAY), table('View', VIEW)),
  el('p', { class: 'muted', text: 'Gamepad: hold LB to drive, left stick moves and turns, RB for turbo. Keys do nothing while a text field has focus, except Space (E-STOP) and Esc. While Shift or Ctrl is held the letters and arrows drive, also in the episode browser. Click a column header in the browser to sort by it. During a replay nothing you press moves the live robot: it is held until the replay closes.' }));
  return overlay;
}
