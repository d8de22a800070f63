// Turning the dashboard's flat counts into what a stacked bar shows.
import type { Level } from '../bindings/Level';
import type { LevelCount } from '../bindings/LevelCount';

/** Levels from best to worst, the order bars are stacked in. */
export const LEVELS: Level[] = [
  'fully-implemented',
  'partially-implemented',
  'in-progress',
  'not-started',
  'regressed',
  'no-information',
];

export interface Bar {
  org: string;
  /** Counts in LEVELS order. */
  counts: number[];
  total: number;
}

export interface Group {
  group: string;
  bars: Bar[];
}

/** One group per distinct group value (in first-seen order), one bar per
 * organisation in `orgs` order that has any count in it. */
export function pivot(rows: LevelCount[], orgs: string[]): Group[] {
  const groups = new Map<string, Map<string, number[]>>();
  for (const r of rows) {
    let byOrg = groups.get(r.group);
    if (!byOrg) groups.set(r.group, (byOrg = new Map()));
    let counts = byOrg.get(r.org);
    if (!counts) byOrg.set(r.org, (counts = LEVELS.map(() => 0)));
    const i = LEVELS.indexOf(r.level);
    if (i >= 0) counts[i] += r.count;
  }
  return [...groups].map(([group, byOrg]) => ({
    group,
    bars: orgs
      .filter((o) => byOrg.has(o))
      .map((org) => {
        const counts = byOrg.get(org)!;
        return { org, counts, total: counts.reduce((a, b) => a + b, 0) };
      }),
  }));
}

/** Widths in percent of `of` for each count, summing to the bar's share. */
export function widths(counts: number[], of: number): number[] {
  if (of <= 0) return counts.map(() => 0);
  return counts.map((c) => (100 * c) / of);
}
