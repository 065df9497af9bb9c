/** A form's values by field name: text, or the options chosen in a group of checkboxes. */
export type FieldValue = string | string[] | undefined;
export type Fields = Record<string, FieldValue>;

export type FieldsMerge = {
  /** What the form shows after the conflict: the stored values with the person's changes in them. */
  values: Fields;
  /** Fields someone else changed meanwhile that the person did not: the form follows them. */
  theirs: { field: string; stored: FieldValue; base: FieldValue }[];
  /** Fields both changed, each differently: the person's value is in the form, `stored` is what is saved now. */
  clashes: { field: string; mine: FieldValue; stored: FieldValue }[];
  /** Every field the person changed, as sent. */
  mine: { field: string; value: FieldValue }[];
};

/** Empty is empty whatever its shape; the order of chosen options does not count. */
const norm = (v: FieldValue) => (Array.isArray(v) ? (v.length ? JSON.stringify([...v].sort()) : '') : (v ?? '').trim());
const same = (a: FieldValue, b: FieldValue) => norm(a) === norm(b);

/**
 * A three-way merge by field when a save met a newer version: `base` as the page loaded it, `mine`
 * as submitted, `stored` as it is now. What only the person changed is taken from `mine`, what only
 * others changed from `stored`; where both changed a field differently the person's value stays in
 * the form and the clash is named. Nothing either side wrote is dropped without being shown.
 */
export function mergeFields(base: Fields, mine: Fields, stored: Fields): FieldsMerge {
  const out: FieldsMerge = { values: {}, theirs: [], clashes: [], mine: [] };
  for (const field of new Set([...Object.keys(stored), ...Object.keys(mine)])) {
    const [b, m, s] = [base[field], mine[field], stored[field]];
    if (same(m, b)) {
      out.values[field] = s;
      if (!same(s, b)) out.theirs.push({ field, stored: s, base: b });
      continue;
    }
    out.values[field] = m;
    out.mine.push({ field, value: m });
    if (!same(s, b) && !same(s, m)) out.clashes.push({ field, mine: m, stored: s });
  }
  return out;
}
