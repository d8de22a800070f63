// The rows a virtualised list draws: only those in view, and a few more
// either side so that scrolling never shows a blank.

export interface Window {
  start: number;
  end: number; // exclusive
  /** Pixels above the first drawn row. */
  offset: number;
}

export function visibleWindow(
  scrollTop: number,
  viewport: number,
  rowHeight: number,
  total: number,
  overscan = 8,
): Window {
  if (total <= 0 || rowHeight <= 0) return { start: 0, end: 0, offset: 0 };
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const start = Math.max(0, Math.min(first - overscan, total - 1));
  const end = Math.min(total, first + Math.ceil(viewport / rowHeight) + overscan);
  return { start, end, offset: start * rowHeight };
}

/** The page numbers (of `size` rows) that cover rows [start, end). */
export function pagesFor(start: number, end: number, size: number): number[] {
  if (end <= start) return [];
  const out: number[] = [];
  for (let p = Math.floor(start / size); p * size < end; p++) out.push(p);
  return out;
}

/** The scrollTop that brings row `i` into view, or null if it is in view. */
export function scrollToRow(i: number, scrollTop: number, viewport: number, rowHeight: number): number | null {
  const top = i * rowHeight;
  if (top < scrollTop) return top;
  if (top + rowHeight > scrollTop + viewport) return top + rowHeight - viewport;
  return null;
}
