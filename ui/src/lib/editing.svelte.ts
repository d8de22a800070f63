// The record form open over the current screen, if any: any screen opens
// it with the record to change, or the first fields of a new one.
import { newId } from './app.svelte';
import type { Kind } from './forms';

export const editing = $state<{ form: { kind: Kind; record: Record<string, unknown>; isNew: boolean } | null }>({
  form: null,
});

/** Opens the form on an existing record. */
export function editRecord(kind: Kind, record: object) {
  editing.form = { kind, record: { ...record }, isNew: false };
}

/** Opens the form on a new record; its id is made here, so that saving
 * twice (a retry) cannot make two. */
export function newRecord(kind: Kind, fields: Record<string, unknown> = {}) {
  editing.form = { kind, record: { id: newId(), ...fields }, isNew: true };
}
