import { mergeRules, type RuleRow } from '../../web/rules-merge';

const rule = (gemeente: string, consultantId: string, teamLeadId = ''): RuleRow => ({ gemeente, schoolBrin: '', consultantId, teamLeadId });

/** The assignment rules page after a conflict: the person's changes merged into the rules stored now. */
describe('mergeRules (the assignment rules form after someone else saved)', () => {
  const base = [rule('GM0505', 'lpa-anna'), rule('GM0590', 'lpa-bob'), rule('GM0642', 'lpa-cor')];

  test("keeps others' additions, changes and removals on rules the person did not touch", () => {
    const mine = [...base, rule('GM0523', 'lpa-dirk')];
    const stored = [rule('GM0505', 'lpa-anna', 'teamlead-tom'), rule('GM0642', 'lpa-cor'), rule('GM1963', 'lpa-els')];
    const m = mergeRules(base, mine, stored);
    expect(m.rows).toEqual([rule('GM0505', 'lpa-anna', 'teamlead-tom'), rule('GM0642', 'lpa-cor'), rule('GM0523', 'lpa-dirk'), rule('GM1963', 'lpa-els')]);
    expect(m.theirs).toEqual([
      { rule: rule('GM0505', 'lpa-anna', 'teamlead-tom'), removed: false },
      { rule: rule('GM0590', 'lpa-bob'), removed: true },
      { rule: rule('GM1963', 'lpa-els'), removed: false },
    ]);
    expect(m.clashes).toEqual([]);
  });

  test("keeps the person's edits and removals, and names a rule both changed (the person's version in the form)", () => {
    const mine = [rule('GM0505', 'lpa-zoe'), rule('GM0590', 'lpa-yara')];
    const stored = [rule('GM0505', 'lpa-xander'), rule('GM0590', 'lpa-bob'), rule('GM0642', 'lpa-cor')];
    const m = mergeRules(base, mine, stored);
    expect(m.rows).toEqual([rule('GM0505', 'lpa-zoe'), rule('GM0590', 'lpa-yara')]);
    expect(m.clashes).toEqual([{ mine: rule('GM0505', 'lpa-zoe'), stored: rule('GM0505', 'lpa-xander') }]);
    expect(m.theirs).toEqual([]);
  });

  test('a rule the person removed but another changed comes back, named; one the person changed but another removed stays', () => {
    const mine = [rule('GM0505', 'lpa-anna'), rule('GM0590', 'lpa-nieuw')];
    const stored = [rule('GM0505', 'lpa-anna'), rule('GM0642', 'lpa-ander')];
    const m = mergeRules(base, mine, stored);
    expect(m.rows).toEqual([rule('GM0505', 'lpa-anna'), rule('GM0590', 'lpa-nieuw'), rule('GM0642', 'lpa-ander')]);
    expect(m.clashes).toEqual([
      { mine: rule('GM0590', 'lpa-nieuw'), stored: null },
      { mine: null, stored: rule('GM0642', 'lpa-ander') },
    ]);
  });

  test('without a basis (a damaged form) every stored rule is kept', () => {
    const m = mergeRules([], [rule('GM0523', 'lpa-dirk')], base);
    expect(m.rows).toEqual([rule('GM0523', 'lpa-dirk'), ...base]);
  });
});
