// Pure helpers for words, dates and numbers in the chosen language; the
// reactive language itself is in i18n.svelte.ts.
import { en, mn, vocab, type MessageKey } from './messages';

export type Lang = 'en' | 'mn';

/** Intl locales: Mongolian dates and numbers as Mongolia writes them. */
const LOCALES: Record<Lang, string> = { en: 'en-GB', mn: 'mn-MN' };

/** A message with its {placeholders} filled in. */
export function message(lang: Lang, key: MessageKey, params: Record<string, string | number> = {}): string {
  const text = (lang === 'mn' ? mn : en)[key] ?? en[key];
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? formatNumberIfNumber(lang, params[name]) : whole,
  );
}

function formatNumberIfNumber(lang: Lang, v: string | number): string {
  return typeof v === 'number' ? formatNumber(lang, v) : v;
}

/** The word for a closed-list value (a level, a response...). */
export function word(lang: Lang, value: string | null | undefined): string {
  if (!value) return '';
  return vocab[lang][value] ?? vocab.en[value] ?? value;
}

export function formatNumber(lang: Lang, n: number): string {
  return new Intl.NumberFormat(LOCALES[lang], { maximumFractionDigits: 2 }).format(n);
}

/** An ISO date (2025-11-15) as people of that language read it; anything
 * else (a period such as 2017-Q2) as it is. */
export function formatDate(lang: Lang, iso: string | null | undefined): string {
  if (!iso) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return iso;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return new Intl.DateTimeFormat(LOCALES[lang], { dateStyle: 'medium', timeZone: 'UTC' }).format(d);
}

/** Milliseconds since the epoch as a date and time. */
export function formatTime(lang: Lang, ms: number): string {
  return new Intl.DateTimeFormat(LOCALES[lang], { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(ms));
}

/** The text in the wanted language, else the other one, saying so. */
export function pickText(lang: Lang, textEn: string, textMn: string): { text: string; fallback: boolean } {
  const [want, other] = lang === 'mn' ? [textMn, textEn] : [textEn, textMn];
  if (want.trim() !== '') return { text: want, fallback: false };
  return { text: other, fallback: other.trim() !== '' };
}

/** Today as an ISO date, in local time. */
export function todayIso(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
