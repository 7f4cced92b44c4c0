/** Which rows of a long list to put in the page: those in view plus a margin either side. */
export interface RowWindow {
  /** First row drawn. */
  first: number;
  /** One past the last row drawn. */
  end: number;
}

/**
 * `scrollTop` and `viewport` are measured from the first row (below any sticky header).
 * A viewport of 0 (not laid out yet) draws one screenful's worth from the top.
 */
export function rowWindow(scrollTop: number, viewport: number, rowHeight: number, count: number, margin = 10): RowWindow {
  if (count <= 0 || rowHeight <= 0) return { first: 0, end: 0 };
  const height = viewport > 0 ? viewport : 30 * rowHeight;
  const top = Math.max(0, scrollTop);
  const first = Math.max(0, Math.floor(top / rowHeight) - margin);
  const end = Math.min(count, Math.ceil((top + height) / rowHeight) + margin);
  return { first: Math.min(first, end), end };
}

/** The scrollTop that brings row `index` into view, or null if it already is. */
export function revealRow(index: number, scrollTop: number, viewport: number, rowHeight: number): number | null {
  const top = index * rowHeight;
  if (top < scrollTop) return top;
  if (top + rowHeight > scrollTop + viewport) return top + rowHeight - viewport;
  return null;
}
