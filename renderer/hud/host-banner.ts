import type { HostConnection } from '../bridge/types.ts';
import { el, setHidden, setText } from '../dom.ts';

/** Shown while the console host is unreachable: inputs from this page go nowhere. */
export class HostBanner {
  private readonly detail = el('span', { class: 'banner-detail' });
  private readonly retry = el('button', { type: 'button', class: 'tool', testid: 'btn-retry-console', text: 'Retry now' });
  readonly root = el('div', { class: 'banner', testid: 'banner-disconnected', role: 'alert' },
    el('strong', { text: 'Console disconnected.' }),
    el('span', { text: ' This page cannot reach the Intervene app; your keys and gamepad do nothing until it is back.' }),
    this.detail, this.retry);
  private conn: HostConnection = { up: true, attempt: 0, retryAt: null, lastError: null };
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(retryNow: () => void) {
    this.retry.addEventListener('click', () => retryNow());
    this.root.hidden = true;
  }

  update(conn: HostConnection): void {
    this.conn = conn;
    // The very first connect attempt is not news; say "disconnected" once it has failed.
    const show = !conn.up && conn.attempt > 0;
    setHidden(this.root, !show);
    if (show && !this.timer) this.timer = setInterval(() => this.render(), 200);
    if (!show && this.timer) {
      clearInterval(this.timer);
      this.timer = null;
    }
    this.render();
  }

  private render(): void {
    const { retryAt, attempt, lastError } = this.conn;
    const wait = retryAt === null ? null : Math.max(0, retryAt - performance.now());
    const when = wait === null || wait < 50 ? 'Reconnecting…' : `Reconnecting in ${(wait / 1000).toFixed(1)} s`;
    setText(this.detail, ` ${when} (attempt ${attempt}${lastError ? `, ${lastError}` : ''}).`);
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
