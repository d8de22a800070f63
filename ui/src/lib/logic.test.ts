import { describe as suite, expect, it } from 'vitest';
import { LEVELS, pivot, widths } from './charts';
import { monthGrid, parseDate, showDate } from './dates';
import { formatDate, message, pickText, todayIso, word } from './format';
import { en, mn, vocab } from './messages';
import { axisYears, periodEnd } from './periods';
import { pdfName, safeName, svgUrl } from './printing';
import { describe } from './syncwords';
import { at, place, rangeOf, yearTicks } from './timeline';
import { pagesFor, scrollToRow, visibleWindow } from './virtual';
import type { SyncReport } from '../bindings/SyncReport';

suite('messages', () => {
  it('has every message in Mongolian, with the same placeholders', () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(mn[key].trim(), key).not.toBe('');
      const holes = (s: string) => [...new Set([...s.matchAll(/\{(\w+)(?:\|[^}]*)?\}/g)].map((m) => m[1]))].sort();
      expect(holes(mn[key]), key).toEqual(holes(en[key]));
    }
  });

  it('writes Mongolian in Cyrillic', () => {
    expect(mn.nav_recommendations).toMatch(/^[\u0400-\u04FF\s]+$/);
  });

  it('names every closed-list word in both languages', () => {
    expect(Object.keys(vocab.mn).sort()).toEqual(Object.keys(vocab.en).sort());
  });

  it('fills placeholders and formats numbers for the language', () => {
    expect(message('en', 'dash_recs', { n: 12345 })).toBe('12,345 recommendations');
    expect(message('en', 'dash_recs', { n: 1 })).toBe('1 recommendation');
    expect(message('mn', 'dash_recs', { n: 1 })).toBe('1 зөвлөмж');
    expect(message('en', 'sync_released', { n: 1 })).toBe('1 envelope held back earlier was applied.');
    expect(message('en', 'sync_released', { n: 3 })).toBe('3 envelopes held back earlier were applied.');
    expect(message('en', 'list_count', { n: 3, total: 10 })).toBe('3 of 10');
    expect(message('mn', 'dash_recs', { n: 5 })).toBe('5 зөвлөмж');
  });

  it('gives the word for a level, or the value itself if unknown', () => {
    expect(word('mn', 'fully-implemented')).toBe('Бүрэн хэрэгжсэн');
    expect(word('en', 'something-new')).toBe('something-new');
  });
});

suite('texts in two languages', () => {
  it('shows the chosen language', () => {
    expect(pickText('mn', 'Ratify', 'Соёрхон батлах')).toEqual({ text: 'Соёрхон батлах', fallback: false });
  });
  it('falls back to the other language and says so', () => {
    expect(pickText('mn', 'Ratify', '  ')).toEqual({ text: 'Ratify', fallback: true });
    expect(pickText('en', '', '')).toEqual({ text: '', fallback: false });
  });
});

suite('dates', () => {
  it('formats ISO dates per language and leaves periods alone', () => {
    expect(formatDate('en', '2025-11-15')).toBe('15 Nov 2025');
    expect(formatDate('mn', '2025-11-15')).toBe('2025.11.15');
    expect(formatDate('en', '2017-Q2')).toBe('2017-Q2');
  });
  it('knows today in local time', () => {
    expect(todayIso(new Date(2026, 0, 5))).toBe('2026-01-05');
  });
});

suite('dashboard charts', () => {
  it('stacks each organisation’s counts by level within each group', () => {
    const groups = pivot(
      [
        { group: 'upr', org: 'B', level: 'regressed', count: 2 },
        { group: 'upr', org: 'A', level: 'fully-implemented', count: 3 },
        { group: 'upr', org: 'A', level: 'regressed', count: 1 },
        { group: 'treaty', org: 'B', level: 'in-progress', count: 4 },
      ],
      ['A', 'B', 'C'],
    );
    expect(groups.map((g) => g.group)).toEqual(['upr', 'treaty']);
    expect(groups[0].bars.map((b) => b.org)).toEqual(['A', 'B']);
    expect(groups[0].bars[0].counts[LEVELS.indexOf('fully-implemented')]).toBe(3);
    expect(groups[0].bars[0].total).toBe(4);
    expect(groups[1].bars).toHaveLength(1);
  });
  it('gives widths as shares of the whole', () => {
    expect(widths([1, 3], 8)).toEqual([12.5, 37.5]);
    expect(widths([1], 0)).toEqual([0]);
  });
});

suite('virtualised list', () => {
  it('draws only the rows in view and a margin', () => {
    const w = visibleWindow(36 * 5000, 720, 36, 10000, 8);
    expect(w.start).toBe(4992);
    expect(w.end).toBe(5000 + 20 + 8);
    expect(w.offset).toBe(4992 * 36);
  });
  it('stays inside the list at its ends', () => {
    expect(visibleWindow(0, 720, 36, 3)).toEqual({ start: 0, end: 3, offset: 0 });
    expect(visibleWindow(999999, 720, 36, 10)).toMatchObject({ end: 10 });
    expect(visibleWindow(0, 720, 36, 0)).toEqual({ start: 0, end: 0, offset: 0 });
  });
  it('asks for the pages that cover the window', () => {
    expect(pagesFor(190, 230, 100)).toEqual([1, 2]);
    expect(pagesFor(5, 5, 100)).toEqual([]);
  });
  it('scrolls a row selected by keyboard into view', () => {
    expect(scrollToRow(10, 0, 360, 36)).toBe(36);
    expect(scrollToRow(2, 0, 360, 36)).toBeNull();
    expect(scrollToRow(1, 100, 360, 36)).toBe(36);
  });
});

suite('timeline', () => {
  it('places activities between the earliest and latest dates', () => {
    const items = [
      { start: '2020-01-01', end: '2020-12-31' },
      { start: '2021-01-01', end: '2021-12-31' },
      { start: null, end: null },
    ];
    const r = rangeOf(items)!;
    const a = place(items[0], r)!;
    const b = place(items[1], r)!;
    expect(a.left).toBe(0);
    expect(b.left).toBeGreaterThan(49);
    expect(b.left + b.width).toBeCloseTo(100, 0);
    expect(place(items[2], r)).toBeNull();
    // Whole years, each labelled inside its own width: none is cut off.
    const ticks = yearTicks(r);
    expect(ticks.map((t) => t.year)).toEqual([2020, 2021]);
    expect(ticks[1].left + ticks[1].width).toBeCloseTo(100, 5);
  });
  it('reaches today, and marks it', () => {
    const r = rangeOf([{ start: '2020-03-01', end: '2020-06-30' }], '2022-07-02')!;
    expect(yearTicks(r).map((t) => t.year)).toEqual([2020, 2021, 2022]);
    expect(at('2022-07-02', r)).toBeGreaterThan(83);
    expect(at('2019-12-31', r)).toBeNull();
  });
  it('has no range without dates', () => {
    expect(rangeOf([{ start: null, end: null }])).toBeNull();
  });
});

suite('sync report in words', () => {
  const report: SyncReport = {
    folder: '/media/usb',
    files_read: 0,
    envelopes_applied: 0,
    changes_applied: 0,
    quarantined: [],
    released: 0,
    held_out: 0,
    locked: 0,
    grants: 0,
    rejected: [],
    skipped: [],
    admitted: [],
    sealed: 0,
    files_written: 0,
    waiting_for_admission: false,
  };
  it('says when nothing changed', () => {
    expect(describe(report)).toEqual([['sync_nothing']]);
  });
  it('counts what was read, applied and written, and what was held back', () => {
    const s = describe({
      ...report,
      files_read: 3,
      envelopes_applied: 2,
      changes_applied: 40,
      files_written: 1,
      quarantined: [{ file: 'x.env', device: 'abc', doc: 'plan', reason: 'not on the roster' }],
      held_out: 2,
      locked: 3,
      waiting_for_admission: true,
    });
    expect(s[0]).toEqual(['sync_result', { read: 3, changes: 40, envelopes: 2, written: 1 }]);
    expect(s).toContainEqual(['sync_held_out', { n: 2 }]);
    expect(s).toContainEqual(['sync_locked', { n: 3 }]);
    expect(s.map((x) => x[0])).toEqual([
      'sync_result',
      'sync_held_out',
      'sync_locked',
      'sync_quarantined',
      'sync_waiting',
    ]);
  });
});

suite('printing', () => {
  const label = (id: string) => ({ o1: 'MOJHA', r1: '107.12', o2: 'Хүний эрх/НҮБ' })[id] ?? id;

  it('offers a file name that says what the document is', () => {
    expect(pdfName({ doc: 'plan', org: 'o1' }, label)).toBe('plan-MOJHA.pdf');
    expect(pdfName({ doc: 'recommendation', id: 'r1' }, label)).toBe('recommendation-107.12.pdf');
    expect(pdfName({ doc: 'indicators', ids: [], org: 'o1' }, label)).toBe('indicators-MOJHA.pdf');
    expect(pdfName({ doc: 'indicators', ids: ['x'], org: null }, label)).toBe('indicator.pdf');
    expect(pdfName({ doc: 'indicators', ids: [], org: null }, label)).toBe('indicators.pdf');
    expect(pdfName({ doc: 'pack', meeting: null }, label)).toBe('meeting-pack.pdf');
  });

  it('keeps Cyrillic in file names but not slashes', () => {
    expect(pdfName({ doc: 'plan', org: 'o2' }, label)).toBe('plan-Хүний-эрх-НҮБ.pdf');
    expect(safeName('../../etc')).toBe('..-..-etc');
    expect(safeName('///')).toBe('accord');
  });

  it('turns a page into an image URL that survives any character', () => {
    const url = svgUrl('<svg xmlns="http://www.w3.org/2000/svg"><text>#1 & "Ө"</text></svg>');
    expect(url.startsWith('data:image/svg+xml;charset=utf-8,')).toBe(true);
    expect(url).not.toContain('#');
    expect(decodeURIComponent(url.split(',')[1])).toContain('#1 & "Ө"');
  });
});

suite('dates typed and shown in either language', () => {
  it('reads what people type', () => {
    for (const typed of [
      '2026-12-01',
      '2026.12.01',
      '2026/12/1',
      '20261201',
      '1 Dec 2026',
      '1 december 2026',
      'Dec 1, 2026',
      '2026 оны 12 сарын 1',
      '2026 оны 12-р сарын 1',
      ' 2026.12.01. ',
    ]) {
      expect(parseDate(typed), typed).toBe('2026-12-01');
    }
  });
  it('refuses what is not a day of the calendar', () => {
    for (const typed of ['2026-02-30', '2026-13-01', '1 Foo 2026', '12/01/2026', '', '2026', '2026-12']) {
      expect(parseDate(typed), typed).toBeNull();
    }
    expect(parseDate('2024-02-29')).toBe('2024-02-29');
    expect(parseDate('2025-02-29')).toBeNull();
  });
  it('shows a date as each language writes it, and anything else as it is', () => {
    expect(showDate('en', '2026-12-01')).toBe('1 Dec 2026');
    expect(showDate('mn', '2026-12-01')).toBe('2026.12.01');
    expect(showDate('mn', '2017-Q2')).toBe('2017-Q2');
    for (const lang of ['en', 'mn'] as const) expect(parseDate(showDate(lang, '2026-03-09'))).toBe('2026-03-09');
  });
  it('lays a month out in weeks that start on Monday', () => {
    const weeks = monthGrid(2026, 12); // 1 December 2026 is a Tuesday
    expect(weeks[0]).toEqual([
      null,
      '2026-12-01',
      '2026-12-02',
      '2026-12-03',
      '2026-12-04',
      '2026-12-05',
      '2026-12-06',
    ]);
    expect(weeks.flat().filter(Boolean)).toHaveLength(31);
    expect(weeks.every((w) => w.length === 7)).toBe(true);
    expect(monthGrid(2026, 6)[0][0]).toBe('2026-06-01'); // a Monday
  });
});

suite('measurements on a time axis', () => {
  it('puts each period at its end, as the core orders them', () => {
    expect(new Date(periodEnd('2017')!).toISOString().slice(0, 10)).toBe('2017-12-31');
    expect(new Date(periodEnd('2017-Q2')!).toISOString().slice(0, 10)).toBe('2017-06-30');
    expect(new Date(periodEnd('2016-02')!).toISOString().slice(0, 10)).toBe('2016-02-29');
    expect(new Date(periodEnd('2017-05-31')!).toISOString().slice(0, 10)).toBe('2017-05-31');
    for (const bad of ['2017-Q5', '2017-13', '2017-02-30', 'last year', '']) expect(periodEnd(bad), bad).toBeNull();
  });
  it('labels whole years, fewer of them over long spans', () => {
    expect(axisYears(Date.UTC(2015, 5, 1), Date.UTC(2018, 5, 1))).toEqual([2016, 2017, 2018]);
    expect(axisYears(Date.UTC(1990, 0, 1), Date.UTC(2026, 0, 1)).length).toBeLessThanOrEqual(8);
  });
});
