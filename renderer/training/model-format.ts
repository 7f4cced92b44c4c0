import type { ModelInfo } from '../../src/app/contract.ts';
import { count, startLabel } from '../episodes/format.ts';
import { lossText } from '../policy/format.ts';

export const MODEL_HEADERS = ['Version', 'Round', 'Created', 'Parent', 'Backend', 'Train loss', 'Val loss', 'Samples/s', 'Dataset'] as const;

/** One row of the model history, in MODEL_HEADERS order. */
export function modelCells(m: ModelInfo): string[] {
  const d = m.dataset;
  return [
    m.version,
    String(m.round),
    startLabel(m.created),
    m.parent ?? '–',
    m.backend,
    lossText(m.metrics.trainLoss),
    lossText(m.metrics.valLoss),
    m.metrics.samplesPerS === null ? '–' : count(m.metrics.samplesPerS),
    `${d.preset} · ${count(d.episodes)} ep · ${count(d.frames)} frames${alignedNote(d.alignedMs)}`,
  ];
}

/** Which operators' labels were lined up with what they answered, and by how much. */
function alignedNote(alignedMs: Record<string, number> | undefined): string {
  const parts = Object.entries(alignedMs ?? {}).map(([name, ms]) => `${name} ${Math.round(ms)} ms`);
  return parts.length > 0 ? ` · shifted by reaction time: ${parts.join(', ')}` : '';
}

/** Newest first: the list is read from the top for "what drives now and what came before". */
export function sortModels(list: readonly ModelInfo[]): ModelInfo[] {
  return [...list].sort((a, b) => b.round - a.round || b.created.localeCompare(a.created) || b.version.localeCompare(a.version));
}
