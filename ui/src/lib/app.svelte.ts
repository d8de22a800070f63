// What every screen shares: this device, the vocabularies, where the user
// is, and a counter that moves whenever the working copy changes (an edit
// here, a sync, or another process) so that screens reload.
import type { AppStatus } from '../bindings/AppStatus';
import type { AutoSynced } from '../bindings/AutoSynced';
import type { Lookups } from '../bindings/Lookups';
import type { Organisation } from '../bindings/Organisation';
import type { PrintRequest } from '../bindings/PrintRequest';
import type { UiError } from '../bindings/UiError';
import { api } from './api';

export type Route =
  | { name: 'dashboard' }
  | { name: 'recs' }
  | { name: 'rec'; id: string }
  | { name: 'plan' }
  | { name: 'indicators'; id?: string }
  | { name: 'meetings' }
  | { name: 'roster' }
  | { name: 'print'; request?: PrintRequest }
  | { name: 'import' }
  | { name: 'suggestions' }
  | { name: 'sync' }
  | { name: 'settings' }
  | { name: 'conflicts' };

export const app = $state<{
  status: AppStatus | null;
  lookups: Lookups | null;
  route: Route;
  /** Where the recommendations list was, to come back to it. */
  previous: Route | null;
  version: number;
  conflicts: number;
  fatal: UiError | null;
  /** The folder synced automatically, and what its last sync did. */
  autoSync: { folder: string; last: AutoSynced | null } | null;
  /** Which UPR cycle the dashboard and the list show (with the other
   * mechanisms' recommendations): the current one, a given one, or all. */
  cycleChoice: 'current' | 'all' | number;
}>({
  status: null,
  lookups: null,
  route: { name: 'dashboard' },
  previous: null,
  version: 0,
  conflicts: 0,
  fatal: null,
  autoSync: null,
  cycleChoice: 'current',
});

/** The UPR cycles of the sources held, the newest first. */
export function uprCycles(): number[] {
  const cycles = (app.lookups?.sources ?? [])
    .filter((s) => s.mechanism === 'upr' && s.cycle !== null && !s.archived)
    .map((s) => s.cycle as number);
  return [...new Set(cycles)].sort((a, b) => b - a);
}

/** The UPR cycle to show, or null for all of them. */
export function shownCycle(): number | null {
  const c = app.cycleChoice;
  if (c === 'all') return null;
  if (c === 'current') return uprCycles()[0] ?? null;
  return c;
}

export const SYNC_FOLDER_KEY = 'accord.syncFolder';
const AUTO_SYNC_KEY = 'accord.syncAuto';

/** Turns automatic sync on for `folder`, or off (null); remembered. */
export async function setAutoSync(folder: string | null) {
  await api.autoSync(folder);
  app.autoSync = folder ? { folder, last: null } : null;
  if (folder) {
    localStorage.setItem(SYNC_FOLDER_KEY, folder);
    localStorage.setItem(AUTO_SYNC_KEY, '1');
  } else {
    localStorage.removeItem(AUTO_SYNC_KEY);
  }
}

/** At start: automatic sync again if it was on. */
export async function resumeAutoSync() {
  const folder = globalThis.localStorage?.getItem(SYNC_FOLDER_KEY);
  if (folder && localStorage.getItem(AUTO_SYNC_KEY) === '1') await setAutoSync(folder);
}

export function go(route: Route) {
  app.previous = app.route;
  app.route = route;
}

export async function refresh() {
  // Everything is read before any of it is shown: a screen that appears
  // starts its own (possibly long) reads, which must not queue ahead of
  // these quick ones.
  const status = await api.status();
  const lookups = status.me ? await api.lookups() : null;
  const conflicts = status.me ? (await api.conflicts()).length : 0;
  app.status = status;
  if (lookups) app.lookups = lookups;
  app.conflicts = conflicts;
  app.version++;
}

export function orgById(id: string | null | undefined): Organisation | undefined {
  return app.lookups?.organisations.find((o) => o.id === id);
}

export function orgShort(id: string | null | undefined): string {
  return orgById(id)?.short ?? '';
}

export function newId(): string {
  return crypto.randomUUID();
}
