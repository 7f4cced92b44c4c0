import type { EpisodeEntry, Outcome } from '../../src/app/contract.ts';
import { errorText } from '../dom.ts';
import type { AppModel } from '../model.ts';

/**
 * The browser's calls to the core. Each answer is put into the model at once (the
 * `episodes` event that follows says the same); a failure is reported, never swallowed.
 * One call per episode at a time, so a held key cannot queue a pile of toggles.
 */
export class EpisodeCommands {
  private readonly busy = new Set<string>();

  constructor(private readonly model: AppModel, private readonly report: (message: string, error: boolean) => void) {}

  isBusy(id: string): boolean {
    return this.busy.has(id);
  }

  /** Tagging the outcome it already has clears it. */
  tag(e: EpisodeEntry, outcome: Outcome): Promise<void> {
    const next = e.outcome === outcome ? null : outcome;
    return this.run(e.id, 'tag', () => this.model.bridge.call('updateEpisode', { id: e.id, outcome: next }),
      next ? `${e.id} tagged ${next}.` : `${e.id}: outcome tag cleared.`);
  }

  setNotes(e: EpisodeEntry, notes: string): Promise<void> {
    return this.run(e.id, 'save the notes of', () => this.model.bridge.call('updateEpisode', { id: e.id, notes }), `${e.id}: notes saved.`);
  }

  toggleQuarantine(e: EpisodeEntry): Promise<void> {
    if (e.quarantined) {
      return this.run(e.id, 'restore', () => this.model.bridge.call('restoreEpisode', { id: e.id }),
        `${e.id} restored: back in the dataset and used for training.`);
    }
    return this.run(e.id, 'quarantine', () => this.model.bridge.call('quarantineEpisode', { id: e.id }),
      `${e.id} quarantined: kept on disk, excluded from training. Tick "Show quarantined" to restore it.`);
  }

  private async run(id: string, verb: string, call: () => Promise<EpisodeEntry>, success: string): Promise<void> {
    if (this.busy.has(id)) return;
    this.busy.add(id);
    let entry: EpisodeEntry;
    try {
      entry = await call();
    } catch (err) {
      this.busy.delete(id);
      this.report(`Could not ${verb} ${id}: ${errorText(err)}`, true);
      return;
    }
    // Not busy any more before the model re-renders, or the buttons would stay disabled.
    this.busy.delete(id);
    this.model.putEpisode(entry);
    this.report(success, false);
  }
}
