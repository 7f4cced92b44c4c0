import type { EpisodeEntry } from '../../src/app/contract.ts';
import { el } from '../dom.ts';
import type { ColumnKey } from './columns.ts';
import { count, episodeSubtitle, metres, mmss, percent } from './format.ts';

/** The content of one cell; figures as text, flags as small tags. */
export function cellContent(e: EpisodeEntry, key: ColumnKey): Node[] {
  switch (key) {
    case 'start':
      return [el('div', { class: 'ep-id', text: e.id, title: e.id }), el('div', { class: 'ep-sub', text: episodeSubtitle(e), title: episodeSubtitle(e) })];
    case 'round': return [text(String(e.round))];
    case 'duration': return [text(mmss(e.duration_s))];
    case 'distance': return [text(metres(e.distance_m))];
    case 'frames': return [text(count(e.frames))];
    case 'interventions': return [text(count(e.interventions))];
    case 'operator': return [text(percent(e.operator_share))];
    case 'outcome':
      return [e.outcome
        ? el('span', { class: `tag outcome-${e.outcome}`, text: e.outcome })
        : el('span', { class: 'muted', text: '–' })];
    case 'notes': return [el('span', { class: 'ep-notes', text: e.notes })];
    case 'status': return [
      e.complete ? el('span', { class: 'muted', text: 'complete' }) : el('span', { class: 'tag tag-recovered', text: 'recovered', title: 'Cut short by a crash or a write error and recovered: the last second or so may be missing' }),
      e.quarantined ? el('span', { class: 'tag tag-quarantined', text: 'quarantined', title: 'Kept on disk, excluded from training' }) : null,
    ].filter((n): n is HTMLSpanElement => n !== null);
  }
}

function text(s: string): Text {
  return document.createTextNode(s);
}
