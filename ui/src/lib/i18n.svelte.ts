// The chosen language, remembered between runs, and the functions every
// screen uses to show words, dates and numbers in it.
import { formatDate, formatNumber, formatTime, message, pickText, word, type Lang } from './format';
import type { MessageKey } from './messages';

const KEY = 'accord.lang';

function initial(): Lang {
  const saved = globalThis.localStorage?.getItem(KEY);
  return saved === 'mn' || saved === 'en' ? saved : 'en';
}

export const i18n = $state<{ lang: Lang }>({ lang: initial() });

export function setLang(lang: Lang) {
  i18n.lang = lang;
  globalThis.localStorage?.setItem(KEY, lang);
  document.documentElement.lang = lang;
}

export const t = (key: MessageKey, params?: Record<string, string | number>) => message(i18n.lang, key, params);
export const w = (value: string | null | undefined) => word(i18n.lang, value);
export const d = (iso: string | null | undefined) => formatDate(i18n.lang, iso);
export const n = (x: number) => formatNumber(i18n.lang, x);
export const time = (ms: number) => formatTime(i18n.lang, ms);
export const text = (en: string, mn: string) => pickText(i18n.lang, en, mn);
