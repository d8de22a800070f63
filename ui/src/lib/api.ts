// Typed calls to the shell's commands. The types are generated from the
// Rust ones (bindings/); only the command names and argument keys live here.
import { invoke } from '@tauri-apps/api/core';
import { listen, type UnlistenFn } from '@tauri-apps/api/event';
import type { ActivityRow } from '../bindings/ActivityRow';
import type { Activity } from '../bindings/Activity';
import type { AppStatus } from '../bindings/AppStatus';
import type { Assessment } from '../bindings/Assessment';
import type { AutoSynced } from '../bindings/AutoSynced';
import type { Changed } from '../bindings/Changed';
import type { CheckReport } from '../bindings/CheckReport';
import type { Comment } from '../bindings/Comment';
import type { ConflictView } from '../bindings/ConflictView';
import type { Dashboard } from '../bindings/Dashboard';
import type { Adopted } from '../bindings/Adopted';
import type { ArchivedRecord } from '../bindings/ArchivedRecord';
import type { Device } from '../bindings/Device';
import type { Editable } from '../bindings/Editable';
import type { HistoryEntry } from '../bindings/HistoryEntry';
import type { ImportPreview } from '../bindings/ImportPreview';
import type { ImportRequest } from '../bindings/ImportRequest';
import type { ImportSummary } from '../bindings/ImportSummary';
import type { IndicatorView } from '../bindings/IndicatorView';
import type { InitOptions } from '../bindings/InitOptions';
import type { InviteArgs } from '../bindings/InviteArgs';
import type { InviteView } from '../bindings/InviteView';
import type { JoinArgs } from '../bindings/JoinArgs';
import type { ListPage } from '../bindings/ListPage';
import type { ListQuery } from '../bindings/ListQuery';
import type { Lookups } from '../bindings/Lookups';
import type { Measurement } from '../bindings/Measurement';
import type { MeetingView } from '../bindings/MeetingView';
import type { PrintPreview } from '../bindings/PrintPreview';
import type { PrintRequest } from '../bindings/PrintRequest';
import type { QuarantineView } from '../bindings/QuarantineView';
import type { RecommendationView } from '../bindings/RecommendationView';
import type { Saved } from '../bindings/Saved';
import type { SyncProgress } from '../bindings/SyncProgress';
import type { SyncReport } from '../bindings/SyncReport';
import type { Suggestion } from '../bindings/Suggestion';
import type { SuggestionKind } from '../bindings/SuggestionKind';
import type { UiError } from '../bindings/UiError';
import type { Vocabulary } from '../bindings/Vocabulary';
import type { Written } from '../bindings/Written';

/** Any failure as {kind, message}: the shell's errors pass through, anything
 * else (the IPC itself failing) becomes an "internal" one. */
export function asUiError(e: unknown): UiError {
  if (e && typeof e === 'object' && 'kind' in e && 'message' in e) {
    const ui = e as Partial<UiError>;
    return { kind: String(ui.kind), message: String(ui.message), field: ui.field ?? null, problem: ui.problem ?? null };
  }
  return { kind: 'internal', message: String(e), field: null, problem: null };
}

async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
  } catch (e) {
    throw asUiError(e);
  }
}

export const api = {
  status: () => call<AppStatus>('app_status'),
  openDemo: () => call<AppStatus>('open_demo'),
  createWorkspace: (options: InitOptions) => call<AppStatus>('create_workspace', { options }),
  joinWorkspace: (args: JoinArgs) => call<AppStatus>('join_workspace', { args }),
  lookups: () => call<Lookups>('lookups'),
  list: (query: ListQuery) => call<ListPage>('list_recommendations', { query }),
  recommendation: (id: string) => call<RecommendationView>('recommendation', { id }),
  history: (id: string) => call<HistoryEntry[]>('history', { id }),
  conflicts: () => call<ConflictView[]>('conflicts'),
  dashboard: (cycle: number | null) => call<Dashboard>('dashboard', { cycle }),
  activities: () => call<ActivityRow[]>('activities'),
  indicators: () => call<IndicatorView[]>('indicators'),
  meetings: () => call<MeetingView[]>('meetings'),
  devices: () => call<Device[]>('devices'),
  assess: (assessment: Assessment) => call<void>('assess', { assessment }),
  addActivity: (recommendation: string, activity: Activity) => call<void>('add_activity', { recommendation, activity }),
  addMeasurement: (measurement: Measurement) => call<void>('add_measurement', { measurement }),
  addComment: (comment: Comment) => call<void>('add_comment', { comment }),
  publishComment: (id: string) => call<void>('publish_comment', { id }),
  save: (record: Editable) => call<Saved>('save_record', { record }),
  setArchived: (id: string, archived: boolean) => call<void>('set_archived', { id, archived }),
  archivedRecords: () => call<ArchivedRecord[]>('archived_records'),
  resolveConflict: (record: string, field: string, pick: number) =>
    call<void>('resolve_conflict', { record, field, pick }),
  previewImport: (path: string, request: ImportRequest) => call<ImportPreview>('preview_import', { path, request }),
  importFile: (path: string, request: ImportRequest) => call<ImportSummary>('import_file', { path, request }),
  mapLabel: (vocabulary: Vocabulary, label: string, term: string) =>
    call<void>('map_label', { vocabulary, label, term }),
  suggest: (kind: SuggestionKind, document: string | null) => call<Suggestion[]>('suggest', { kind, document }),
  acceptSuggestion: (kind: SuggestionKind, ids: string[]) => call<void>('accept_suggestion', { kind, ids }),
  rejectSuggestion: (kind: SuggestionKind, ids: string[]) => call<void>('reject_suggestion', { kind, ids }),
  sync: (folder: string) => call<SyncReport>('sync_folder', { folder }),
  autoSync: (folder: string | null) => call<boolean>('auto_sync', { folder }),
  quarantine: () => call<QuarantineView>('quarantine'),
  discardQuarantined: (name: string) => call<string>('discard_quarantined', { name }),
  invite: (args: InviteArgs) => call<InviteView>('invite', { args }),
  invites: () => call<InviteView[]>('invites'),
  cancelInvite: (id: string) => call<InviteView>('cancel_invite', { id }),
  proposePassphrase: () => call<string>('propose_passphrase'),
  revoke: (device: string) => call<Device>('revoke', { device }),
  heldOut: () => call<Record<string, number>>('held_out'),
  adoptHeldOut: (device: string) => call<Adopted>('adopt_held_out', { device }),
  printPreview: (request: PrintRequest, lang: 'en' | 'mn', pages: number) =>
    call<PrintPreview>('print_preview', { request, lang, pages }),
  printPdf: (request: PrintRequest, lang: 'en' | 'mn', path: string) =>
    call<Written>('print_pdf', { request, lang, path }),
  checkWorkingCopy: (repair: boolean) => call<CheckReport>('check_working_copy', { repair }),
  exportTables: (format: 'csv' | 'xlsx', path: string, lang: 'en' | 'mn') =>
    call<Written>('export_tables', { format, path, lang }),
};

export const onChanged = (f: (c: Changed) => void): Promise<UnlistenFn> =>
  listen<Changed>('workspace-changed', (e) => f(e.payload));

export const onAutoSynced = (f: (s: AutoSynced) => void): Promise<UnlistenFn> =>
  listen<AutoSynced>('auto-synced', (e) => f(e.payload));

export const onSyncProgress = (f: (p: SyncProgress) => void): Promise<UnlistenFn> =>
  listen<SyncProgress>('sync-progress', (e) => f(e.payload));
