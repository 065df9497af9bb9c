import { leerplichtEnd, leerplichtStart, regimeOn, schoolYearOf } from '../../domain/regime';

describe('schoolYearOf', () => {
  test('1 August starts the school year, 31 July ends it', () => {
    expect(schoolYearOf('2025-07-31')).toBe('2024-2025');
    expect(schoolYearOf('2025-08-01')).toBe('2025-2026');
    expect(schoolYearOf('2025-12-31')).toBe('2025-2026');
    expect(schoolYearOf('2026-01-01')).toBe('2025-2026');
  });
});

describe('leerplichtStart: the first of the month after the 5th birthday', () => {
  test.each([
    ['2020-03-15', '2025-04-01'],
    ['2020-03-01', '2025-04-01'],
    ['2020-03-31', '2025-04-01'],
    ['2020-12-10', '2026-01-01'],
    ['2019-12-31', '2025-01-01'],
    // Legally 5 on 1 March 2025, so leerplichtig from 1 April.
    ['2020-02-29', '2025-04-01'],
  ])('born %s: leerplichtig from %s', (dateOfBirth, start) => {
    expect(leerplichtStart(dateOfBirth)).toBe(start);
  });

  test('the day before is niet-leerplichtig, the first of the month leerplichtig', () => {
    expect(regimeOn({ dateOfBirth: '2020-03-15', on: '2025-03-31' })).toBe('niet-leerplichtig');
    expect(regimeOn({ dateOfBirth: '2020-03-15', on: '2025-04-01' })).toBe('leerplichtig');
    // On the 5th birthday itself, not yet.
    expect(regimeOn({ dateOfBirth: '2020-03-15', on: '2025-03-15' })).toBe('niet-leerplichtig');
  });
});

describe('leerplichtEnd: the end of the school year in which the youth turns 16', () => {
  test.each([
    ['2009-09-15', '2026-07-31'], // turns 16 in school year 2025-2026
    ['2009-07-31', '2025-07-31'], // turns 16 on the last day of 2024-2025
    ['2009-08-01', '2026-07-31'], // turns 16 on the first day of 2025-2026
    ['2010-01-20', '2026-07-31'],
  ])('born %s: leerplicht ends on %s', (dateOfBirth, end) => {
    expect(leerplichtEnd(dateOfBirth)).toBe(end);
  });

  test('on 31 July still leerplichtig, on 1 August kwalificatieplichtig', () => {
    expect(regimeOn({ dateOfBirth: '2009-09-15', on: '2026-07-31' })).toBe('leerplichtig');
    expect(regimeOn({ dateOfBirth: '2009-09-15', on: '2026-08-01' })).toBe('kwalificatieplichtig');
  });

  test('a youth who turned 16 on 1 August stays leerplichtig that whole school year', () => {
    expect(regimeOn({ dateOfBirth: '2009-08-01', on: '2025-08-01' })).toBe('leerplichtig');
    expect(regimeOn({ dateOfBirth: '2009-08-01', on: '2026-07-31' })).toBe('leerplichtig');
  });

  test('a youth who turned 16 on 31 July is kwalificatieplichtig from the next day', () => {
    expect(regimeOn({ dateOfBirth: '2009-07-31', on: '2025-07-31' })).toBe('leerplichtig');
    expect(regimeOn({ dateOfBirth: '2009-07-31', on: '2025-08-01' })).toBe('kwalificatieplichtig');
  });
});

describe('12 full school years end leerplicht early', () => {
  test('12 years done: kwalificatieplichtig at 15; 11 years: still leerplichtig', () => {
    expect(regimeOn({ dateOfBirth: '2010-01-10', on: '2025-09-01', fullSchoolYearsCompleted: 12 })).toBe('kwalificatieplichtig');
    expect(regimeOn({ dateOfBirth: '2010-01-10', on: '2025-09-01', fullSchoolYearsCompleted: 11 })).toBe('leerplichtig');
  });
});

describe('kwalificatieplicht, 18+ and outside the target group', () => {
  test('kwalificatieplichtig up to the 18th birthday, achttien-plus from it', () => {
    expect(regimeOn({ dateOfBirth: '2008-03-10', on: '2026-03-09' })).toBe('kwalificatieplichtig');
    expect(regimeOn({ dateOfBirth: '2008-03-10', on: '2026-03-10' })).toBe('achttien-plus');
  });

  test('a startkwalificatie ends kwalificatieplicht: buiten-doelgroep', () => {
    expect(regimeOn({ dateOfBirth: '2008-03-10', on: '2025-09-01', hasStartkwalificatie: true })).toBe('buiten-doelgroep');
    expect(regimeOn({ dateOfBirth: '2008-03-10', on: '2025-09-01', hasStartkwalificatie: false })).toBe('kwalificatieplichtig');
  });

  test('a startkwalificatie does not end leerplicht itself', () => {
    expect(regimeOn({ dateOfBirth: '2010-01-10', on: '2025-09-01', hasStartkwalificatie: true })).toBe('leerplichtig');
  });

  test('achttien-plus up to the 23rd birthday, buiten-doelgroep from it', () => {
    expect(regimeOn({ dateOfBirth: '2003-05-20', on: '2026-05-19' })).toBe('achttien-plus');
    expect(regimeOn({ dateOfBirth: '2003-05-20', on: '2026-05-20' })).toBe('buiten-doelgroep');
  });

  test('from 18 with a startkwalificatie the Doorstroompunt has no task either', () => {
    expect(regimeOn({ dateOfBirth: '2006-05-20', on: '2026-01-01', hasStartkwalificatie: true })).toBe('buiten-doelgroep');
    expect(regimeOn({ dateOfBirth: '2006-05-20', on: '2026-01-01' })).toBe('achttien-plus');
  });

  test('a youth born on 29 February turns 18 on 1 March in a common year', () => {
    expect(regimeOn({ dateOfBirth: '2008-02-29', on: '2026-02-28' })).toBe('kwalificatieplichtig');
    expect(regimeOn({ dateOfBirth: '2008-02-29', on: '2026-03-01' })).toBe('achttien-plus');
  });
});
