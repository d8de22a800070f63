// The fields each kind of record shows in its form, in order, and how each
// is typed. The record itself and every check are the core's: a form only
// turns what was typed into the record's fields (text, a list, a number, a
// date) and sends the whole record to `save_record`.
import type { ActivityStatus } from '../bindings/ActivityStatus';
import type { CommentStatus } from '../bindings/CommentStatus';
import type { DecisionStatus } from '../bindings/DecisionStatus';
import type { Editable } from '../bindings/Editable';
import type { Frequency } from '../bindings/Frequency';
import type { IndicatorType } from '../bindings/IndicatorType';
import type { Lang } from '../bindings/Lang';
import type { Level } from '../bindings/Level';
import type { MeetingKind } from '../bindings/MeetingKind';
import type { OrgKind } from '../bindings/OrgKind';
import type { Response } from '../bindings/Response';
import type { Role } from '../bindings/Role';
import type { Visibility } from '../bindings/Visibility';
import type { MeView } from '../bindings/MeView';
import type { MessageKey } from './messages';

export type Kind = Editable['kind'];

export type FieldType =
  'line' | 'text' | 'lines' | 'date' | 'number' | 'choice' | 'org' | 'orgs' | 'source' | 'cluster' | 'themes' | 'bool';

export type FieldSpec = {
  key: string;
  type: FieldType;
  /** For a choice: the closed list's values (worded by `w`). */
  options?: readonly string[];
  /** Fixed once the record exists (its organisation, its source). */
  fixed?: boolean;
};

const f = (key: string, type: FieldType, options?: readonly string[], fixed = false): FieldSpec => ({
  key,
  type,
  options,
  fixed,
});

const ACTIVITY_STATUS: ActivityStatus[] = ['planned', 'ongoing', 'completed', 'delayed', 'cancelled'];
const LEVELS: Level[] = [
  'not-started',
  'in-progress',
  'partially-implemented',
  'fully-implemented',
  'regressed',
  'no-information',
];

/** Metadata of OHCHR's indicator sheet, each in English and Mongolian. */
const METADATA = ['definition', 'rationale', 'method', 'data_source', 'disaggregation', 'periodicity', 'comments'];

export const FORMS: Record<Kind, FieldSpec[]> = {
  recommendation: [
    f('code', 'line'),
    f('source', 'source', undefined, true),
    f('text_en', 'text'),
    f('text_mn', 'text'),
    f('official', 'choice', ['en', 'mn'] satisfies Lang[]),
    f('response', 'choice', ['supported', 'supported-in-part', 'noted', 'pending'] satisfies Response[]),
    f('response_source', 'line'),
    f('themes', 'themes'),
    f('lead', 'orgs'),
    f('supporting', 'orgs'),
    f('cluster', 'cluster'),
    f('follow_up_due', 'date'),
  ],
  plan_entry: [f('outcomes', 'lines'), f('outcomes_mn', 'lines')],
  activity: [
    f('title_en', 'line'),
    f('title_mn', 'line'),
    f('lead', 'org'),
    f('supporting', 'orgs'),
    f('start', 'date'),
    f('end', 'date'),
    f('status', 'choice', ACTIVITY_STATUS),
    f('budget_note', 'line'),
  ],
  indicator: [
    f('title_en', 'line'),
    f('title_mn', 'line'),
    f('type', 'choice', ['structural', 'process', 'outcome'] satisfies IndicatorType[]),
    f('unit', 'line'),
    f('frequency', 'choice', ['monthly', 'quarterly', 'annual', 'biennial'] satisfies Frequency[]),
    f('responsible', 'org'),
    f('baseline_value', 'number'),
    f('baseline_date', 'date'),
    f('target_value', 'number'),
    f('target_date', 'date'),
    ...METADATA.flatMap((m) => [f(m, 'text'), f(`${m}_mn`, 'text')]),
  ],
  assessment: [f('level', 'choice', LEVELS), f('date', 'date'), f('evidence', 'text'), f('method_note', 'text')],
  measurement: [f('period', 'line'), f('value', 'number'), f('source', 'line'), f('note', 'text')],
  comment: [
    f('text', 'text'),
    f('visibility', 'choice', ['public', 'parties', 'internal'] satisfies Visibility[]),
    f('status', 'choice', ['draft', 'published'] satisfies CommentStatus[]),
  ],
  meeting: [
    f('title', 'line'),
    f('kind', 'choice', ['annual-review', 'coordinating-committee', 'consultation'] satisfies MeetingKind[]),
    f('date', 'date'),
    f('place', 'line'),
    f('participants', 'orgs'),
    f('agenda', 'lines'),
    f('minutes', 'text'),
  ],
  decision: [
    f('text', 'text'),
    f('responsible', 'org'),
    f('due', 'date'),
    f('status', 'choice', ['open', 'done', 'dropped'] satisfies DecisionStatus[]),
  ],
  organisation: [
    f('short', 'line'),
    f('name_en', 'line'),
    f('name_mn', 'line'),
    f('kind', 'choice', ['government', 'nhri', 'ngo', 'un', 'parliament', 'judiciary', 'other'] satisfies OrgKind[]),
    f('role', 'choice', ['coordinator', 'member'] satisfies Role[]),
    f('parent', 'org'),
  ],
  person: [f('name', 'line'), f('org', 'org', undefined, true), f('title', 'line'), f('email', 'line')],
};

/** Names the core gives a problem for a pair of fields ("title" for either
 * language's title): shown beside the first of them. */
export const ALIASES: Record<string, string[]> = {
  title_en: ['title'],
  name_en: ['name'],
  outcomes: ['outcomes'],
};

/** Every field name a form shows its problems beside. */
export function besideOf(kind: Kind): string[] {
  return FORMS[kind].flatMap((s) => [s.key, ...(ALIASES[s.key] ?? [])]);
}

/** The label of a field, for forms, conflicts and history. */
export const fieldKey = (field: string) => `f_${field}` as MessageKey;

/** Which part of the workspace a kind belongs to, for the rights shown. */
const HOME: Record<Kind, keyof MeView['may_not']> = {
  recommendation: 'catalogue',
  plan_entry: 'plan',
  activity: 'plan',
  indicator: 'plan',
  assessment: 'own',
  measurement: 'own',
  comment: 'own',
  meeting: 'meetings',
  decision: 'meetings',
  organisation: 'roster',
  person: 'roster',
};

/** Why this device may not change records of `kind`, as a message key;
 * null when it may. */
export function mayNotKey(me: MeView | null | undefined, kind: Kind): MessageKey | null {
  return mayNotHome(me, HOME[kind]);
}

/** Why this device may not write a part of the workspace, as a message
 * key; null when it may. */
export function mayNotHome(me: MeView | null | undefined, home: keyof MeView['may_not']): MessageKey | null {
  if (!me || me.standing === 'revoked') return 'may_not_revoked';
  return me.may_not[home] ? (`may_not_${home}` as MessageKey) : null;
}

/** A value refused before it is sent: which field, and why. */
export type Refusal = { field: string; problem: { kind: 'required' } | { kind: 'not_a_number'; value: string } };

/** Turns a form's values into the record's: a list from lines, a number or
 * none from text, none for an empty optional date. A number that does not
 * read is refused here, beside its field, as the core would refuse it. */
export function fromForm(
  kind: Kind,
  values: Record<string, unknown>,
  typed: Record<string, string>,
): { record: Record<string, unknown>; refusal: Refusal | null } {
  const record = { ...values };
  let refusal: Refusal | null = null;
  for (const spec of FORMS[kind]) {
    const raw = typed[spec.key];
    if (spec.type === 'lines' && raw !== undefined) {
      record[spec.key] = raw
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l !== '');
    } else if (spec.type === 'number' && raw !== undefined) {
      const text = raw.trim().replace(',', '.');
      if (text === '') {
        record[spec.key] = null;
        // A measurement is its value; an indicator's baseline may be unknown.
        if (kind === 'measurement') refusal ??= { field: spec.key, problem: { kind: 'required' } };
      } else if (Number.isFinite(Number(text))) record[spec.key] = Number(text);
      else {
        record[spec.key] = null;
        refusal ??= { field: spec.key, problem: { kind: 'not_a_number', value: raw.trim() } };
      }
    } else if (spec.type === 'date' && record[spec.key] === '' && optionalDate(kind, spec.key)) {
      record[spec.key] = null;
    }
  }
  return { record, refusal };
}

/** Dates a record may leave empty (an activity's start, a decision's due). */
function optionalDate(kind: Kind, key: string): boolean {
  return !((kind === 'meeting' || kind === 'assessment') && key === 'date');
}

/** What a form types into a field: lists as lines, numbers as text. */
export function toTyped(kind: Kind, record: Record<string, unknown>): Record<string, string> {
  const typed: Record<string, string> = {};
  for (const spec of FORMS[kind]) {
    const v = record[spec.key];
    if (spec.type === 'lines') typed[spec.key] = Array.isArray(v) ? v.join('\n') : '';
    if (spec.type === 'number') typed[spec.key] = typeof v === 'number' ? String(v) : '';
  }
  return typed;
}

/** The record's values as the form edits them: an empty date as ''. */
export function toValues(kind: Kind, record: Record<string, unknown>): Record<string, unknown> {
  const values = { ...record };
  for (const spec of FORMS[kind]) {
    const v = values[spec.key];
    if (spec.type === 'date' && v == null) values[spec.key] = '';
    if ((spec.type === 'line' || spec.type === 'text') && v == null) values[spec.key] = '';
    if ((spec.type === 'orgs' || spec.type === 'themes') && !Array.isArray(v)) values[spec.key] = [];
    if ((spec.type === 'org' || spec.type === 'cluster') && v === undefined) values[spec.key] = null;
    if (spec.type === 'choice' && v == null) values[spec.key] = spec.options?.[0];
  }
  return values;
}
