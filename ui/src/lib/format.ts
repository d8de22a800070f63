// Pure helpers for words, dates and numbers in the chosen language; the
// reactive language itself is in i18n.svelte.ts.
import { showDate } from './dates';
import { en, mn, vocab, type MessageKey } from './messages';

export type Lang = 'en' | 'mn';

/** Intl locales: Mongolian dates and numbers as Mongolia writes them. */
const LOCALES: Record<Lang, string> = { en: 'en-GB', mn: 'mn-MN' };

/** A message with its {placeholders} filled in. A count that changes the
 * words around it is written `{n|# file|# files}`: the form the language's
 * plural rules pick for n, with # the number (Mongolian nouns after a
 * numeral do not change, so its messages need no forms). */
export function message(lang: Lang, key: MessageKey, params: Record<string, string | number> = {}): string {
  const text = (lang === 'mn' ? mn : en)[key] ?? en[key];
  return text.replace(/\{(\w+)(?:\|([^|}]*)\|([^}]*))?\}/g, (whole, name: string, one?: string, other?: string) => {
    if (!(name in params)) return whole;
    const shown = formatNumberIfNumber(lang, params[name]);
    if (one === undefined || other === undefined) return shown;
    const form = plural(lang, Number(params[name])) === 'one' ? one : other;
    return form.replaceAll('#', shown);
  });
}

const RULES: Record<Lang, Intl.PluralRules> = {
  en: new Intl.PluralRules('en'),
  mn: new Intl.PluralRules('mn'),
};

/** The plural category of n in the language ('one', 'other'…). */
export function plural(lang: Lang, n: number): Intl.LDMLPluralRule {
  return RULES[lang].select(n);
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
  return showDate(lang, iso);
}

/** Milliseconds since the epoch as a date and time. */
export function formatTime(lang: Lang, ms: number): string {
  const t = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  const day = `${t.getFullYear()}-${pad(t.getMonth() + 1)}-${pad(t.getDate())}`;
  return `${showDate(lang, day)} ${pad(t.getHours())}:${pad(t.getMinutes())}`;
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
