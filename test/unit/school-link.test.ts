import { answerLinkExpiresAt, answerRefusal, isLinkExpired, statusLinkExpiresAt, weekStartsOf } from '../../domain/school-link';

describe('school links: expiry', () => {
  test('an answer link works until the deadline plus the grace period in calendar days', () => {
    expect(answerLinkExpiresAt('2026-11-27T16:00:00.000Z', 14)).toBe('2026-12-11T16:00:00.000Z');
    expect(answerLinkExpiresAt('2026-11-27T16:00:00.000Z', 1)).toBe('2026-11-28T16:00:00.000Z');
    expect(() => answerLinkExpiresAt('2026-11-27T16:00:00.000Z', -1)).toThrow(RangeError);
    expect(() => answerLinkExpiresAt('2026-11-27T16:00:00.000Z', 1.5)).toThrow(RangeError);
  });

  test('a status link works a number of days from the e-mail', () => {
    expect(statusLinkExpiresAt('2026-11-20T10:00:00.000Z', 30)).toBe('2026-12-20T10:00:00.000Z');
  });

  test('a link is expired from its expiry instant on', () => {
    const at = '2026-12-11T16:00:00.000Z';
    expect(isLinkExpired(at, '2026-12-11T15:59:59.999Z')).toBe(false);
    expect(isLinkExpired(at, at)).toBe(true);
    expect(isLinkExpired(at, '2027-01-01T00:00:00.000Z')).toBe(true);
  });
});

describe('school links: may an answer still be given', () => {
  const base = { expiresAt: '2026-12-11T16:00:00.000Z', now: '2026-12-01T10:00:00.000Z', requestId: 'case-m1-school-1', answeredAt: null };
  const open = { phase: 'onderzoek', requestId: 'case-m1-school-1', answeredAt: null };

  test('an open request of a running case takes the answer, also before the case is projected', () => {
    expect(answerRefusal({ ...base, case: open })).toBeNull();
    expect(answerRefusal({ ...base, case: null })).toBeNull();
  });

  test('after the deadline (the reminders and the escalation), until the link expires', () => {
    expect(answerRefusal({ ...base, now: '2026-12-10T10:00:00.000Z', case: { ...open, phase: 'onderzoek' } })).toBeNull();
    expect(answerRefusal({ ...base, now: '2026-12-11T16:00:00.000Z', case: open })).toBe('expired');
  });

  test('answered through a link, or otherwise (the consultant recorded it), is refused as answered', () => {
    expect(answerRefusal({ ...base, answeredAt: '2026-11-30T09:00:00.000Z', case: open })).toBe('answered');
    expect(answerRefusal({ ...base, case: { ...open, answeredAt: '2026-11-30T09:00:00.000Z' } })).toBe('answered');
  });

  test('a closed case or a newer request ends the link', () => {
    expect(answerRefusal({ ...base, case: { ...open, phase: 'afgesloten' } })).toBe('closed');
    expect(answerRefusal({ ...base, case: { ...open, requestId: 'case-m1-school-2' } })).toBe('superseded');
  });

  test('an expired link says nothing more, even when the request was answered', () => {
    expect(answerRefusal({ ...base, now: '2027-01-01T00:00:00.000Z', answeredAt: '2026-11-30T09:00:00.000Z', case: open })).toBe('expired');
  });
});

describe('school links: the weeks of the form', () => {
  test('the Mondays of the school weeks in the melding period', () => {
    // 2026-10-23 is a Friday, 2026-11-19 a Thursday.
    expect(weekStartsOf('2026-10-23', '2026-11-19')).toEqual(['2026-10-19', '2026-10-26', '2026-11-02', '2026-11-09', '2026-11-16']);
    expect(weekStartsOf('2026-11-02', '2026-11-02')).toEqual(['2026-11-02']);
    expect(weekStartsOf('2026-11-08', '2026-11-08')).toEqual(['2026-11-02']); // a Sunday belongs to the week before
  });

  test('at most 52 rows', () => {
    expect(weekStartsOf('2020-01-01', '2026-01-01')).toHaveLength(52);
    expect(weekStartsOf('2020-01-01', '2026-01-01', 4)).toHaveLength(4);
  });
});
