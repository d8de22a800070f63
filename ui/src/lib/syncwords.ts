// A sync's report in sentences: what a person needs to know, and nothing
// when there is nothing to say.
import type { SyncReport } from '../bindings/SyncReport';
import type { MessageKey } from './messages';

export type Sentence = [MessageKey, Record<string, number>?];

export function describe(r: SyncReport): Sentence[] {
  const out: Sentence[] = [];
  const nothing = r.files_read === 0 && r.files_written === 0 && r.changes_applied === 0;
  out.push(
    nothing
      ? ['sync_nothing']
      : [
          'sync_result',
          { read: r.files_read, changes: r.changes_applied, envelopes: r.envelopes_applied, written: r.files_written },
        ],
  );
  if (r.released > 0) out.push(['sync_released', { n: r.released }]);
  if (r.held_out > 0) out.push(['sync_held_out', { n: r.held_out }]);
  if (r.locked > 0) out.push(['sync_locked', { n: r.locked }]);
  if (r.admitted.length > 0) out.push(['sync_admitted', { n: r.admitted.length }]);
  if (r.skipped.length > 0) out.push(['sync_skipped', { n: r.skipped.length }]);
  if (r.quarantined.length > 0) out.push(['sync_quarantined', { n: r.quarantined.length }]);
  if (r.waiting_for_admission) out.push(['sync_waiting']);
  return out;
}
