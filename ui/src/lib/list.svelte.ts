// The recommendations list's filters and position, kept while the user
// looks at one recommendation and comes back.
import type { ListQuery } from '../bindings/ListQuery';

export const PAGE = 50;

export function emptyQuery(): ListQuery {
  return {
    upr_cycle: null,
    mechanism: null,
    response: null,
    theme: null,
    responsible: null,
    lead: null,
    cluster: null,
    assessed_by: null,
    level: null,
    search: null,
    archived: false,
    disagree: false,
    sort: { by: 'code' },
    descending: false,
    offset: 0,
    limit: PAGE,
  };
}

const COLUMNS = 'accord.list.columns';

/** The organisations whose current level the list shows as columns, as
 * the user chose them (remembered between runs); null until chosen. */
function savedColumns(): string[] | null {
  try {
    const v = JSON.parse(globalThis.localStorage?.getItem(COLUMNS) ?? 'null');
    return Array.isArray(v) && v.every((x) => typeof x === 'string') ? v : null;
  } catch {
    return null;
  }
}

export function saveColumns(ids: string[]) {
  globalThis.localStorage?.setItem(COLUMNS, JSON.stringify(ids));
}

export const listState = $state<{ query: ListQuery; selected: number; scrollTop: number; columns: string[] | null }>({
  query: emptyQuery(),
  selected: 0,
  scrollTop: 0,
  columns: savedColumns(),
});
