// Records, fields and stored values as words in the reader's language: for
// conflicts, history and forms, which get the kind and field names of the
// core's records, not sentences.
import { orgShort } from './app.svelte';
import { fieldKey } from './forms';
import { t, w } from './i18n.svelte';
import { en, type MessageKey } from './messages';

/** The word for a kind of record (recommendation, activity…). */
export function kindWord(kind: string): string {
  const key = `k_${kind}` as MessageKey;
  return key in en ? t(key) : kind;
}

/** The word for a field of a record; its own name where the UI has none. */
export function fieldWord(field: string): string {
  const key = fieldKey(field);
  return key in en ? t(key) : field.replaceAll('_', ' ');
}

const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A stored value as people read it: organisations by short name, closed
 * lists' values in words, lists one after another. */
export function valueWords(v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'boolean') return t(v ? 'yes' : 'no');
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return ID.test(v) ? orgShort(v) || v.slice(0, 8) : w(v) || v;
  if (Array.isArray(v)) return v.map(valueWords).join(', ');
  return JSON.stringify(v);
}
