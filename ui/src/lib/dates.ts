// Dates as each language writes them, and read back from what people type:
// Mongolian 2026.12.01 (or 2026 оны 12 сарын 1), English 1 Dec 2026; ISO
// 2026-12-01, slashes and eight digits in either. The calendar's weeks start
// on Monday, as in Mongolia and Europe. Nothing here depends on the web
// view's locale data.

export type DateLang = 'en' | 'mn';

export const MONTHS_EN = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
/** Mongolian months are numbered: "1-р сар" … "12-р сар". */
export const MONTHS_MN = MONTHS_EN.map((_, i) => `${i + 1}-р сар`);
/** Monday first. */
export const WEEKDAYS: Record<DateLang, string[]> = {
  en: ['Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa', 'Su'],
  mn: ['Да', 'Мя', 'Лх', 'Пү', 'Ба', 'Бя', 'Ня'],
};

const pad = (n: number) => String(n).padStart(2, '0');

function valid(y: number, m: number, d: number): string | null {
  if (y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1) return null;
  if (d > daysIn(y, m)) return null;
  return `${y}-${pad(m)}-${pad(d)}`;
}

export function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The ISO date in what someone typed, or null if it is not one. */
export function parseDate(typed: string): string | null {
  const s = typed.trim().toLowerCase().replace(/\s+/g, ' ');
  let m = /^(\d{4})[-./ ](\d{1,2})[-./ ](\d{1,2})\.?$/.exec(s) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (m) return valid(Number(m[1]), Number(m[2]), Number(m[3]));
  // 2026 оны 12 сарын 1 (the words may be shortened or left out).
  m = /^(\d{4}) ?(?:оны)? (\d{1,2}) ?(?:-?р)? ?(?:сарын|сар)? (\d{1,2})(?: ?-?(?:ний|ны|нд))?$/.exec(s);
  if (m) return valid(Number(m[1]), Number(m[2]), Number(m[3]));
  // 1 Dec 2026, 1 December 2026, Dec 1, 2026.
  const month = (word: string) => {
    const i = MONTHS_EN.findIndex((name) => word.length >= 3 && name.toLowerCase().startsWith(word));
    return i < 0 ? null : i + 1;
  };
  m = /^(\d{1,2}) ([a-z]+)\.? (\d{4})$/.exec(s);
  if (m) {
    const mo = month(m[2]);
    return mo ? valid(Number(m[3]), mo, Number(m[1])) : null;
  }
  m = /^([a-z]+)\.? (\d{1,2}),? (\d{4})$/.exec(s);
  if (m) {
    const mo = month(m[1]);
    return mo ? valid(Number(m[3]), mo, Number(m[2])) : null;
  }
  return null;
}

/** An ISO date as the language writes it; anything else (a period such as
 * 2017-Q2) as it is. */
export function showDate(lang: DateLang, iso: string | null | undefined): string {
  if (!iso) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return iso;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return lang === 'mn' ? `${m[1]}.${m[2]}.${m[3]}` : `${d} ${MONTHS_EN[mo - 1].slice(0, 3)} ${y}`;
}

/** The weeks of a month for a calendar, Monday first: ISO dates, null
 * where a day belongs to the month before or after. */
export function monthGrid(year: number, month: number): (string | null)[][] {
  const first = new Date(Date.UTC(year, month - 1, 1)).getUTCDay(); // 0 = Sunday
  const lead = (first + 6) % 7;
  const cells: (string | null)[] = Array(lead).fill(null);
  for (let d = 1; d <= daysIn(year, month); d++) cells.push(`${year}-${pad(month)}-${pad(d)}`);
  while (cells.length % 7) cells.push(null);
  const weeks = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  return weeks;
}
