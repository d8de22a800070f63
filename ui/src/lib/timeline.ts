// Placing activities on a timeline: each bar from its start to its end as
// fractions of the span all of them cover.

export interface Span {
  start: string | null;
  end: string | null;
}

const dayOf = (iso: string) => Date.parse(iso + 'T00:00:00Z') / 86_400_000;

export interface Range {
  from: number;
  to: number;
}

/** The days covered by all dated activities, or null if none has a date. */
export function rangeOf(items: Span[]): Range | null {
  const days = items.flatMap((a) => [a.start, a.end]).filter((x): x is string => !!x && !isNaN(dayOf(x))).map(dayOf);
  if (days.length === 0) return null;
  const from = Math.min(...days);
  const to = Math.max(...days);
  return { from, to: to > from ? to : from + 1 };
}

/** Left and width in percent; an activity with one date is a short mark. */
export function place(a: Span, r: Range): { left: number; width: number } | null {
  const s = a.start ? dayOf(a.start) : a.end ? dayOf(a.end) : NaN;
  const e = a.end ? dayOf(a.end) : s;
  if (isNaN(s) || isNaN(e)) return null;
  const span = r.to - r.from;
  const left = (100 * (Math.min(s, e) - r.from)) / span;
  const width = Math.max(0.8, (100 * Math.abs(e - s)) / span);
  return { left, width: Math.min(width, 100 - left) };
}

/** Years that start inside the range, for the axis. */
export function yearTicks(r: Range): { year: number; left: number }[] {
  const out = [];
  const first = new Date(r.from * 86_400_000).getUTCFullYear() + 1;
  const last = new Date(r.to * 86_400_000).getUTCFullYear();
  for (let y = first; y <= last; y++) {
    out.push({ year: y, left: (100 * (dayOf(`${y}-01-01`) - r.from)) / (r.to - r.from) });
  }
  return out;
}
