// Reporting periods on a time axis: a measurement for 2017-Q2 sits at the
// end of June 2017, one for 2017 at the end of that year, as the core
// orders them (model::period_end).

/** The end of a period (2017, 2017-Q2, 2017-05, 2017-05-31) in ms since
 * the epoch, or null when it is not one. */
export function periodEnd(period: string): number | null {
  const p = period.trim();
  let m = /^(\d{4})$/.exec(p);
  if (m) return Date.UTC(Number(m[1]), 11, 31);
  m = /^(\d{4})-Q([1-4])$/i.exec(p);
  if (m) return Date.UTC(Number(m[1]), Number(m[2]) * 3, 0);
  m = /^(\d{4})-(\d{2})$/.exec(p);
  if (m && Number(m[2]) >= 1 && Number(m[2]) <= 12) return Date.UTC(Number(m[1]), Number(m[2]), 0);
  m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(p);
  if (m) {
    const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
    return new Date(t).getUTCDate() === Number(m[3]) ? t : null;
  }
  return null;
}

/** Years to label on an axis from `from` to `to` (ms), at most `most`
 * of them: every year, or every second, fifth… */
export function axisYears(from: number, to: number, most = 8): number[] {
  const first = new Date(from).getUTCFullYear();
  const last = new Date(to).getUTCFullYear() + 1;
  const span = last - first;
  const step = [1, 2, 5, 10, 20, 50].find((s) => span / s <= most) ?? 100;
  const out: number[] = [];
  for (let y = Math.ceil(first / step) * step; y <= last; y += step) {
    const t = Date.UTC(y, 0, 1);
    if (t >= from && t <= to) out.push(y);
  }
  return out;
}
