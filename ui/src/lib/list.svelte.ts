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
    cluster: null,
    assessed_by: null,
    level: null,
    search: null,
    archived: false,
    offset: 0,
    limit: PAGE,
  };
}

export const listState = $state<{ query: ListQuery; selected: number; scrollTop: number }>({
  query: emptyQuery(),
  selected: 0,
  scrollTop: 0,
});
