import { addWorkingDays, type Holiday } from '../../domain/calendar';
import { consultantDeadline } from '../../domain/case/deadlines';
import { ZHZ_POLICY } from '../../domain/policy';

/**
 * Working-day deadlines in years no list ever reached: public holidays count by rule, school
 * holidays come from the region's calendar (here example dates, Saturday to Sunday, as the
 * administrator would enter them). Each expectation is counted by hand in the comment.
 */
const school: Holiday[] = [
  { name: 'Voorjaarsvakantie 2028', from: '2028-02-19', to: '2028-02-27' },
  { name: 'Meivakantie 2028', from: '2028-04-22', to: '2028-04-30' },
  { name: 'Herfstvakantie 2035', from: '2035-10-13', to: '2035-10-21' },
  { name: 'Meivakantie 2035', from: '2035-04-28', to: '2035-05-06' },
  { name: 'Meivakantie 2050', from: '2050-04-30', to: '2050-05-08' },
  { name: 'Kerstvakantie 2050', from: '2050-12-24', to: '2051-01-08' },
];

describe('working-day deadlines in 2028', () => {
  test.each([
    // Easter Sunday 16 April: Fri 14 (Goede Vrijdag is a working day), Mon 17 Tweede Paasdag, Tue 18, Wed 19.
    ['Easter', '2028-04-13', 3, [], '2028-04-19'],
    // Koningsdag Thursday 27 April.
    ['Koningsdag', '2028-04-26', 1, [], '2028-04-28'],
    // Fri 22 Dec, Mon 25 and Tue 26 Kerstdagen, 27, 28, 29, Mon 1 Jan Nieuwjaarsdag, Tue 2 Jan.
    ['Christmas', '2028-12-21', 5, [], '2029-01-02'],
    ['the voorjaarsvakantie', '2028-02-18', 1, school, '2028-02-28'],
    // Fri 14 (1), Mon 17 Paasdag, 18-21 (2-5), meivakantie 22-30 with Koningsdag, May 1-4 (6-9), Fri 5 mei, Mon 8 (10).
    ['Easter, the meivakantie with Koningsdag, and 5 mei', '2028-04-13', 10, school, '2028-05-08'],
  ] as const)('across %s', (_what, from, days, holidays, due) => {
    expect(addWorkingDays(from, days, holidays)).toBe(due);
  });
});

describe('working-day deadlines in 2035', () => {
  test.each([
    // Easter Sunday 25 March: Fri 23 (1), Mon 26 Tweede Paasdag, Tue 27 (2).
    ['Easter', '2035-03-22', 2, [], '2035-03-27'],
    // Koningsdag Friday 27 April.
    ['Koningsdag', '2035-04-26', 1, [], '2035-04-30'],
    // Kerstdagen Tuesday 25 and Wednesday 26 December.
    ['Christmas', '2035-12-24', 1, [], '2035-12-27'],
    ['the herfstvakantie', '2035-10-12', 1, school, '2035-10-22'],
    // Fri 27 Koningsdag, meivakantie 28 Apr - 6 May (with Hemelvaart 3 May), 7-11 May (1-5), Mon 14 Tweede Pinksterdag, Tue 15 (6).
    ['Koningsdag, the meivakantie and Pinksteren', '2035-04-26', 6, school, '2035-05-15'],
  ] as const)('across %s', (_what, from, days, holidays, due) => {
    expect(addWorkingDays(from, days, holidays)).toBe(due);
  });
});

describe('working-day deadlines in 2050', () => {
  test.each([
    // Easter Sunday 10 April: Mon 11 Tweede Paasdag.
    ['Easter', '2050-04-08', 1, [], '2050-04-12'],
    // Koningsdag Wednesday 27 April.
    ['Koningsdag', '2050-04-26', 1, [], '2050-04-28'],
    // Kerstdagen Sunday 25 and Monday 26 December.
    ['Christmas', '2050-12-23', 1, [], '2050-12-27'],
    ['the kerstvakantie', '2050-12-23', 1, school, '2051-01-09'],
    // Tue 12 - Fri 22 (1-9), Mon 25 (10), Tue 26 (11), Wed 27 Koningsdag, 28-29 (12-13), meivakantie 30 Apr - 8 May with 5 mei, 9-10 May (14-15).
    ['Easter, Koningsdag and the meivakantie', '2050-04-08', 15, school, '2050-05-10'],
  ] as const)('across %s', (_what, from, days, holidays, due) => {
    expect(addWorkingDays(from, days, holidays)).toBe(due);
  });
});

describe('a consultant deadline counted under a school calendar', () => {
  const calendar = { region: 'midden', revision: 7, coveredUntil: '2028-08-27', holidays: school };

  test('skips the holidays by rule and the calendar, and is final inside the known range', () => {
    // Thu 13 April 2028, 10 working days: Mon 8 May (see above); escalation 2 working days after it.
    const d = consultantDeadline('hoorgesprek', 'hoorgesprek', new Date('2028-04-13T09:00:00Z'), 10, { policy: ZHZ_POLICY, calendar });
    expect(d).toMatchObject({ dueAt: '2028-05-08T16:00:00.000Z', escalateAt: '2028-05-10T16:00:00.000Z' });
    expect(d.provisional).toBeUndefined();
    expect(d.basis).toEqual({ count: 'working-days', from: '2028-04-13', workingDays: 10, remindBefore: 1, escalateAfter: 2 });
  });

  test('is provisional when it is counted past the known school holidays', () => {
    const d = consultantDeadline('hoorgesprek', 'hoorgesprek', new Date('2028-08-21T09:00:00Z'), 10, { policy: ZHZ_POLICY, calendar });
    expect(d.provisional).toBe(true);
  });
});
