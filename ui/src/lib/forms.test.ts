import { describe as suite, expect, it } from 'vitest';
import { FORMS, fieldKey, fromForm, toTyped, toValues, type Kind } from './forms';
import { en, mn, vocab } from './messages';

const kinds = Object.keys(FORMS) as Kind[];

suite('record forms', () => {
  it('labels every field and titles every form in both languages', () => {
    for (const kind of kinds) {
      for (const key of [`form_new_${kind}`, `form_edit_${kind}`, `k_${kind}`]) {
        expect(en, key).toHaveProperty(key);
        expect(mn, key).toHaveProperty(key);
      }
      for (const spec of FORMS[kind]) {
        expect(en, `${kind}.${spec.key}`).toHaveProperty(fieldKey(spec.key));
      }
    }
  });

  it('words every value a form offers to choose, in both languages', () => {
    for (const kind of kinds) {
      for (const spec of FORMS[kind]) {
        for (const o of spec.options ?? []) {
          if (spec.key === 'official') continue; // languages, named by the UI
          expect(vocab.en, `${kind}.${spec.key}=${o}`).toHaveProperty(o);
          expect(vocab.mn, `${kind}.${spec.key}=${o}`).toHaveProperty(o);
        }
      }
    }
  });

  it('turns lines into lists, numbers typed either way into numbers, empty dates into none', () => {
    const values = toValues('indicator', { id: 'x', title_en: 'Shelters' });
    expect(values.baseline_date).toBe('');
    expect(values.type).toBe('structural');
    const typed = { ...toTyped('indicator', values), baseline_value: '14,5', target_value: '' };
    const { record, refusal } = fromForm('indicator', values, typed);
    expect(refusal).toBeNull();
    expect(record.baseline_value).toBe(14.5);
    expect(record.target_value).toBeNull();
    expect(record.baseline_date).toBeNull();

    const meeting = fromForm('meeting', toValues('meeting', { date: '2027-03-15' }), { agenda: ' One \n\nTwo ' });
    expect(meeting.record.agenda).toEqual(['One', 'Two']);
    expect(meeting.record.date).toBe('2027-03-15');
  });

  it('refuses a number that does not read, and a measurement without its value', () => {
    const bad = fromForm('indicator', toValues('indicator', {}), { baseline_value: 'three' });
    expect(bad.refusal).toEqual({ field: 'baseline_value', problem: { kind: 'not_a_number', value: 'three' } });
    const empty = fromForm('measurement', toValues('measurement', {}), { value: ' ' });
    expect(empty.refusal).toEqual({ field: 'value', problem: { kind: 'required' } });
  });

  it('shows what a record holds when it is edited', () => {
    const typed = toTyped('plan_entry', { outcomes: ['A law', 'Shelters'], outcomes_mn: [] });
    expect(typed).toEqual({ outcomes: 'A law\nShelters', outcomes_mn: '' });
  });
});
