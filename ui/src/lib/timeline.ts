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

/** Whole years covering every dated activity and `today` (a day number,
 * or an ISO date), or null if no activity has a date: the axis starts and
 * ends on a year's edge, so that no year's label is cut off. */
export function rangeOf(items: Span[], today?: string): Range | null {
  const days = items
    .flatMap((a) => [a.start, a.end])
    .filter((x): x is string => !!x && !isNaN(dayOf(x)))
    .map(dayOf);
  if (days.length === 0) return null;
  if (today && !isNaN(dayOf(today))) days.push(dayOf(today));
  const first = new Date(Math.min(...days) * 86_400_000).getUTCFullYear();
  const last = new Date(Math.max(...days) * 86_400_000).getUTCFullYear();
  return { from: dayOf(`${first}-01-01`), to: dayOf(`${last + 1}-01-01`) };
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

/** Where a day falls, in percent of the range; null outside it. */
export function at(iso: string, r: Range): number | null {
  const day = dayOf(iso);
  if (isNaN(day) || day < r.from || day > r.to) return null;
  return (100 * (day - r.from)) / (r.to - r.from);
}

/** Each year of the range: where it starts and how wide it is, in percent. */
export function yearTicks(r: Range): { year: number; left: number; width: number }[] {
  const out = [];
  const first = new Date(r.from * 86_400_000).getUTCFullYear();
  const last = new Date((r.to - 1) * 86_400_000).getUTCFullYear();
  const pct = (day: number) => (100 * (day - r.from)) / (r.to - r.from);
  for (let y = first; y <= last; y++) {
    const left = pct(dayOf(`${y}-01-01`));
    out.push({ year: y, left, width: pct(dayOf(`${y + 1}-01-01`)) - left });
  }
  return out;
}
