/** One row of the assignment rules form; '' for an empty cell. */
export type RuleRow = { gemeente: string; schoolBrin: string; consultantId: string; teamLeadId: string };

export type RulesMerge = {
  /** What the form shows after the conflict: the stored rules with the person's changes in them. */
  rows: RuleRow[];
  /** What someone else added, changed or removed meanwhile on rules the person did not touch: the form follows them. */
  theirs: { rule: RuleRow; removed: boolean }[];
  /** Rules both changed: the person's row is in the form, `stored` is what is saved now (null: removed). */
  clashes: { mine: RuleRow | null; stored: RuleRow | null }[];
};

const keyOf = (r: RuleRow) => `${r.gemeente}|${r.schoolBrin}`;
const same = (a: RuleRow | undefined, b: RuleRow | undefined) => !!a && !!b && a.consultantId === b.consultantId && a.teamLeadId === b.teamLeadId;

/**
 * A three-way merge by key (gemeente or BRIN) when a save met a newer rule set: `base` as the page
 * loaded it, `mine` as submitted, `stored` as it is now. What only the person changed (added,
 * edited, removed) is taken from `mine`, what only others changed from `stored`; where both changed
 * one rule the person's row stays in the form and the clash is named. Nothing either side wrote is
 * dropped without being shown.
 */
export function mergeRules(base: RuleRow[], mine: RuleRow[], stored: RuleRow[]): RulesMerge {
  const baseBy = new Map(base.map((r) => [keyOf(r), r]));
  const storedBy = new Map(stored.map((r) => [keyOf(r), r]));
  const mineKeys = new Set(mine.map(keyOf));
  const rows: RuleRow[] = [];
  const theirs: RulesMerge['theirs'] = [];
  const clashes: RulesMerge['clashes'] = [];
  for (const m of mine) {
    const b = baseBy.get(keyOf(m));
    const s = storedBy.get(keyOf(m));
    if (same(m, b)) {
      // Untouched by the person: as it is stored now (gone when someone else removed it).
      if (s) rows.push(s);
      if (!same(s, b)) theirs.push(s ? { rule: s, removed: false } : { rule: m, removed: true });
      continue;
    }
    rows.push(m);
    const storedChanged = b ? !same(s, b) : !!s;
    if (storedChanged && !same(s, m)) clashes.push({ mine: m, stored: s ?? null });
  }
  for (const s of stored) {
    if (mineKeys.has(keyOf(s))) continue;
    const b = baseBy.get(keyOf(s));
    if (same(s, b)) continue; // the person removed it, and nobody else changed it
    rows.push(s);
    if (b) clashes.push({ mine: null, stored: s });
    else theirs.push({ rule: s, removed: false });
  }
  return { rows, theirs, clashes };
}
