// Errors in the reader's language: a refused value's problem (a kind and
// its parameters from the core) worded here, shown beside its field.
import type { HiddenChar } from '../bindings/HiddenChar';
import type { Problem } from '../bindings/Problem';
import type { UiError } from '../bindings/UiError';
import { d, n, t } from './i18n.svelte';
import type { MessageKey } from './messages';

const HIDDEN: Record<HiddenChar, MessageKey> = {
  nul: 'prob_hidden_nul',
  escape: 'prob_hidden_escape',
  control: 'prob_hidden_control',
  direction_override: 'prob_hidden_direction_override',
  zero_width: 'prob_hidden_zero_width',
};

/** Dates the core sends as YYYY-MM-DD, shown as the language writes them. */
const day = (iso: string) => d(iso) || iso;

export function problemText(p: Problem): string {
  switch (p.kind) {
    case 'required':
      return t('prob_required');
    case 'too_long':
      return t('prob_too_long', { max: n(p.max) });
    case 'not_one_line':
      return t('prob_not_one_line');
    case 'hidden':
      return t('prob_hidden', { what: t(HIDDEN[p.character]), code: p.code, at: p.at });
    case 'too_many':
      return t('prob_too_many', { max: n(p.max) });
    case 'not_a_date':
      return t('prob_not_a_date', { value: p.value });
    case 'date_out_of_range':
      return t('prob_date_out_of_range', { value: p.value, min: p.min, max: p.max });
    case 'before_start':
      return t('prob_before_start', { value: day(p.value), start: day(p.start) });
    case 'in_future':
      return t('prob_in_future', { value: day(p.value), today: day(p.today) });
    case 'not_a_period':
      return t('prob_not_a_period', { value: p.value });
    case 'not_a_number':
      return t('prob_not_a_number', { value: p.value });
    case 'not_finite':
      return t('prob_not_finite');
    case 'out_of_range':
      return t('prob_out_of_range', { value: n(p.value), min: n(p.min), max: n(p.max) });
    case 'not_an_sdg':
      return t('prob_not_an_sdg', { value: p.value });
    case 'taken':
      return t('prob_taken', { value: p.value });
    case 'not_in_vocabulary':
      return t('prob_not_in_vocabulary', { value: p.value });
    case 'no_such_record':
      return t('prob_no_such_record');
    case 'weak_passphrase':
      return t('prob_weak_passphrase', { n: p.guesses_log10 });
    case 'wrong_passphrase':
      return t('prob_wrong_passphrase');
    case 'not_an_invite':
      return t('prob_not_an_invite');
    case 'outdated_invite':
      return t('prob_outdated_invite');
    case 'invite_expired':
      return t('prob_invite_expired', { day: day(p.day) });
    case 'cannot_read':
      return t('prob_cannot_read', { reason: p.reason });
    case 'other':
      return p.message;
  }
}

/** What went wrong, in the UI's words where it has them. */
export function errorText(e: UiError): string {
  return e.problem && e.problem.kind !== 'other' ? problemText(e.problem) : e.message;
}

/** The error's words if it concerns one of `fields`, else null. */
export function fieldError(e: UiError | null, fields: string[]): string | null {
  return e?.field && fields.includes(e.field) ? errorText(e) : null;
}

/** A value refused before it reaches the core, as the core would refuse it. */
export function refused(field: string, problem: Problem): UiError {
  return { kind: 'invalid', message: '', field, problem };
}
