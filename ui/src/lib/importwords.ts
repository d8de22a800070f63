// What an import summary says, as message keys and their parameters, so
// that the Import screen words it in the chosen language.
import type { ImportProblem } from '../bindings/ImportProblem';
import type { ImportSummary } from '../bindings/ImportSummary';
import { n, t } from './i18n.svelte';
import type { MessageKey } from './messages';

export function facts(s: ImportSummary): [MessageKey, Record<string, string | number>][] {
  const f = s.file;
  const out: [MessageKey, Record<string, string | number>][] = [];
  switch (f.format) {
    case 'thematic-list':
      out.push(['import_format_thematic_list', { document: f.document ?? '' }]);
      break;
    case 'uhri':
      out.push(['import_format_uhri', {}]);
      break;
    case 'upr-info':
      out.push(['import_format_upr_info', {}]);
      break;
    default:
      out.push(['import_format_template', {}]);
  }
  if (f.cycle !== null && f.session !== null)
    out.push(['import_cycle_session', { cycle: f.cycle, session: f.session }]);
  out.push([
    'import_counts',
    { rows: n(s.rows), new: n(s.new.length), updated: n(s.updated.length), unchanged: n(s.unchanged) },
  ]);
  if (f.themes > 0) out.push(['import_themes', { n: n(f.themes) }]);
  if (s.new_sources.length) out.push(['import_new_sources', { list: s.new_sources.join(', ') }]);
  for (const [vocabulary, key] of [
    ['theme', 'import_new_themes'],
    ['affected-persons', 'import_new_groups'],
  ] as const) {
    const labels = s.new_terms.filter(([v]) => v === vocabulary).map(([, label]) => label);
    if (labels.length) out.push([key, { list: shortList(labels) }]);
  }
  if (s.left_out > 0) out.push(['import_left_out', { n: n(s.left_out) }]);
  return out;
}

/** A long list cut to its first dozen, with how many there are. */
function shortList(items: string[]): string {
  return items.length > 12 ? `${items.slice(0, 12).join('; ')} … (${n(items.length)})` : items.join('; ');
}

const units: Record<string, MessageKey> = {
  line: 'import_unit_line',
  row: 'import_unit_row',
  item: 'import_unit_item',
};

export function problemPlace(p: ImportProblem): string {
  return t('import_problem_at', { unit: t(units[p.unit] ?? 'import_unit_row'), at: n(Number(p.at)) });
}
