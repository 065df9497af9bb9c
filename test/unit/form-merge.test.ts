import { mergeFields } from '../../web/form-merge';

/** The Regiobeleid form after a conflict: the person's changes merged into the policy stored now. */
describe('mergeFields (a form after someone else saved)', () => {
  const base = { name: 'Regio', judgementWorkingDays: '5', routeChoiceWorkingDays: '5', verzuimKinds: ['luxe', 'overig'], holidays: '' };

  test("takes the other's changes where the person changed nothing, and the person's where the other changed nothing", () => {
    const mine = { ...base, judgementWorkingDays: '7', holidays: '2027-05-14 Studiedag' };
    const stored = { ...base, routeChoiceWorkingDays: '8', name: 'Regio Zuid' };
    const m = mergeFields(base, mine, stored);
    expect(m.values).toEqual({ ...base, judgementWorkingDays: '7', holidays: '2027-05-14 Studiedag', routeChoiceWorkingDays: '8', name: 'Regio Zuid' });
    expect(m.theirs).toEqual([
      { field: 'name', stored: 'Regio Zuid', base: 'Regio' },
      { field: 'routeChoiceWorkingDays', stored: '8', base: '5' },
    ]);
    expect(m.clashes).toEqual([]);
    expect(m.mine).toEqual([
      { field: 'judgementWorkingDays', value: '7' },
      { field: 'holidays', value: '2027-05-14 Studiedag' },
    ]);
  });

  test("a field both changed keeps the person's value in the form and is named; the same change twice is no clash", () => {
    const mine = { ...base, judgementWorkingDays: '7', routeChoiceWorkingDays: '9' };
    const stored = { ...base, judgementWorkingDays: '6', routeChoiceWorkingDays: '9' };
    const m = mergeFields(base, mine, stored);
    expect(m.values).toMatchObject({ judgementWorkingDays: '7', routeChoiceWorkingDays: '9' });
    expect(m.clashes).toEqual([{ field: 'judgementWorkingDays', mine: '7', stored: '6' }]);
    expect(m.theirs).toEqual([]);
  });

  test('the order of chosen options, and empty against absent, are no change', () => {
    const m = mergeFields(base, { ...base, verzuimKinds: ['overig', 'luxe'], holidays: undefined }, { ...base, verzuimKinds: ['luxe'] });
    expect(m.values.verzuimKinds).toEqual(['luxe']);
    expect(m.mine).toEqual([]);
    expect(m.theirs).toEqual([{ field: 'verzuimKinds', stored: ['luxe'], base: ['luxe', 'overig'] }]);
  });

  test('without a basis (a page that did not say what it loaded) every field the person has otherwise than stored is a clash', () => {
    const m = mergeFields({}, { ...base, judgementWorkingDays: '7' }, { ...base, name: 'Regio Zuid' });
    expect(m.values).toMatchObject({ judgementWorkingDays: '7', name: 'Regio' });
    expect(m.clashes.map((c) => c.field).sort()).toEqual(['judgementWorkingDays', 'name']);
  });
});
