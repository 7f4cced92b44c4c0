import { WORLDS, type ConnectTarget, type WorldName } from '../../src/app/contract.ts';
import { el, errorText, setHidden, setText } from '../dom.ts';

const WORLD_TEXT: Record<WorldName, string> = {
  lane: 'A rover on a two-lane road with obstacles.',
  forest: 'A quadrotor flying through trees.',
};

/** Simulator choice: world and seed. */
export class SimPane {
  readonly root: HTMLElement;
  private readonly worldList = el('div', { class: 'choice-list', role: 'radiogroup', 'aria-label': 'World' });
  private readonly seed = el('input', { type: 'text', inputmode: 'numeric', id: 'sim-seed', testid: 'sim-seed', spellcheck: 'false', autocomplete: 'off' });
  private readonly connectBtn = el('button', { type: 'button', class: 'primary', testid: 'btn-connect-sim', text: 'Start simulator' });
  private readonly resetBtn = el('button', { type: 'button', testid: 'btn-sim-reset', text: 'Back to the start',
    title: 'Put the robot back at the start of this world (same seed), without restarting the simulator; the current episode is closed' });
  private readonly error = el('div', { class: 'field-error', testid: 'connect-error-sim', role: 'alert' });
  private world: WorldName = 'lane';

  /** `reset`: moves the running simulator's robot back to its start (the mode and model stay). */
  constructor(private readonly connect: (t: ConnectTarget) => Promise<string | null>, private readonly reset: () => Promise<void>) {
    const random = el('button', { type: 'button', text: 'Random', title: 'Pick a random seed' });
    random.addEventListener('click', () => { this.seed.value = String(Math.floor(Math.random() * 100_000)); });
    this.connectBtn.addEventListener('click', () => void this.submit());
    this.resetBtn.addEventListener('click', () => void this.resetSim());
    setHidden(this.resetBtn, true);
    this.seed.addEventListener('keydown', (e) => { if (e.key === 'Enter') void this.submit(); });
    this.root = el('div', { class: 'pane', testid: 'pane-sim' },
      el('h3', { text: 'World' }), this.worldList,
      el('div', { class: 'field' }, el('label', { for: 'sim-seed', text: 'Seed' }),
        el('div', { class: 'field-control' }, this.seed, random),
        el('div', { class: 'field-help', text: 'The same seed gives the same obstacles, so runs can be compared.' })),
      el('div', { class: 'actions' }, this.connectBtn, this.resetBtn), this.error);
    this.setWorlds(WORLDS);
  }

  setWorlds(worlds: readonly WorldName[]): void {
    this.worldList.replaceChildren(...worlds.map((w) => {
      const input = el('input', { type: 'radio', name: 'sim-world', value: w, id: `world-${w}`, 'data-world': w });
      input.checked = w === this.world;
      input.addEventListener('change', () => { if (input.checked) this.world = w; });
      return el('label', { class: 'choice', for: `world-${w}` }, input,
        el('span', { class: 'choice-title', text: w }), el('span', { class: 'choice-text', text: WORLD_TEXT[w] ?? '' }));
    }));
  }

  load(world: WorldName, seed: number): void {
    this.world = world;
    for (const input of this.worldList.querySelectorAll('input')) input.checked = input.value === world;
    this.seed.value = String(seed);
    setText(this.error, '');
  }

  /** The reset is offered only while a simulator runs. */
  setRunning(running: boolean): void {
    setHidden(this.resetBtn, !running);
  }

  focus(): void {
    this.connectBtn.focus();
  }

  private async resetSim(): Promise<void> {
    setText(this.error, '');
    this.resetBtn.disabled = true;
    try {
      await this.reset();
    } catch (err) {
      setText(this.error, `Could not reset the simulator: ${errorText(err)}`);
    } finally {
      this.resetBtn.disabled = false;
    }
  }

  private async submit(): Promise<void> {
    const seed = Number(this.seed.value);
    if (!Number.isInteger(seed) || seed < 0) {
      setText(this.error, 'Seed must be a whole number, 0 or more.');
      return;
    }
    setText(this.error, '');
    this.connectBtn.disabled = true;
    setText(this.connectBtn, 'Starting…');
    try {
      const problem = await this.connect({ kind: 'sim', world: this.world, seed });
      if (problem) setText(this.error, problem);
    } catch (err) {
      setText(this.error, errorText(err));
    } finally {
      this.connectBtn.disabled = false;
      setText(this.connectBtn, 'Start simulator');
    }
  }
}
