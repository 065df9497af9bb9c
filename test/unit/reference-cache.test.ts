import { ZHZ_POLICY } from '../../domain/policy';
import type { ReferenceChanges } from '../../prisma/reference-changes';
import { cachedReferenceData, type Assignment, type PolicyAndCalendar, type ReferenceData } from '../../prisma/reference-data';

/** The cache's rules against a feed of changes the test moves by hand (the real one: reference-changes.test.ts). */
describe('the reference data cache', () => {
  type Deferred<T> = { promise: Promise<T>; resolve: (v: T) => void; reject: (e: Error) => void };
  const deferred = <T>(): Deferred<T> => {
    let resolve!: (v: T) => void;
    let reject!: (e: Error) => void;
    const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
    return { promise, resolve, reject };
  };

  function setup() {
    const changes: { generation: number; listening: boolean } & ReferenceChanges = { generation: 0, listening: true, close: async () => undefined };
    let stored = 4;
    const reads: string[] = [];
    const pending: Deferred<PolicyAndCalendar>[] = [];
    let hold = false;
    const read: ReferenceData = {
      policyAndCalendar: async (gemeente) => {
        reads.push(`policy ${gemeente}`);
        const value = { policy: { ...ZHZ_POLICY, thuiszitterWeeks: stored }, calendar: { region: 'zuid', revision: 1, coveredUntil: null, holidays: [] } } as PolicyAndCalendar;
        if (!hold) return value;
        const d = deferred<PolicyAndCalendar>();
        pending.push(d);
        return d.promise.then(() => value);
      },
      assignment: async (gemeente, brin): Promise<Assignment> => {
        reads.push(`assignment ${gemeente} ${brin ?? '-'}`);
        return { consultantId: `lpa-${stored}`, teamLeadId: null };
      },
    };
    const clock = { now: 0, today: '2026-12-05' };
    const cache = cachedReferenceData(read, changes, { now: () => clock.now, today: () => clock.today, maxAgeMs: 60_000, maxEntries: 3 });
    return {
      changes,
      cache,
      reads,
      clock,
      pending,
      store: (n: number) => (stored = n),
      holdReads: (on: boolean) => (hold = on),
    };
  }

  test('reads once while nothing changes, and gives each caller its own copy', async () => {
    const t = setup();
    const first = await t.cache.policyAndCalendar('GM0505');
    first.policy.thuiszitterWeeks = 99;
    const second = await t.cache.policyAndCalendar('GM0505');
    expect(second.policy.thuiszitterWeeks).toBe(4);
    expect(await t.cache.assignment('GM0505', '12AB')).toEqual({ consultantId: 'lpa-4', teamLeadId: null });
    expect(await t.cache.assignment('GM0505', '12AB')).toEqual({ consultantId: 'lpa-4', teamLeadId: null });
    // Another school, another gemeente: entries of their own.
    await t.cache.assignment('GM0505');
    await t.cache.policyAndCalendar('GM0482');
    expect(t.reads).toEqual(['policy GM0505', 'assignment GM0505 12AB', 'assignment GM0505 -', 'policy GM0482']);
  });

  test('a change heard makes the next read go to the database', async () => {
    const t = setup();
    await t.cache.policyAndCalendar('GM0505');
    t.store(6);
    t.changes.generation++;
    expect((await t.cache.policyAndCalendar('GM0505')).policy.thuiszitterWeeks).toBe(6);
    expect(await t.cache.assignment('GM0505')).toEqual({ consultantId: 'lpa-6', teamLeadId: null });
    expect(t.reads).toEqual(['policy GM0505', 'policy GM0505', 'assignment GM0505 -']);
  });

  test('while it hears nothing (the listening connection is down) every read goes to the database', async () => {
    const t = setup();
    t.changes.listening = false;
    await t.cache.policyAndCalendar('GM0505');
    await t.cache.policyAndCalendar('GM0505');
    expect(t.reads).toHaveLength(2);
    expect(t.cache.size).toBe(0);
  });

  test('a read under way when a change is heard is not kept: the next read goes to the database', async () => {
    const t = setup();
    t.holdReads(true);
    const during = t.cache.policyAndCalendar('GM0505');
    t.store(8);
    t.changes.generation++;
    t.pending[0]!.resolve({} as PolicyAndCalendar);
    // That read saw the database before the change: its caller gets that, the cache does not keep it.
    expect((await during).policy.thuiszitterWeeks).toBe(4);
    expect(t.cache.size).toBe(0);
    t.holdReads(false);
    expect((await t.cache.policyAndCalendar('GM0505')).policy.thuiszitterWeeks).toBe(8);
    expect(t.reads).toEqual(['policy GM0505', 'policy GM0505']);
  });

  test('callers at the same moment share one read', async () => {
    const t = setup();
    t.holdReads(true);
    const both = Promise.all([t.cache.policyAndCalendar('GM0505'), t.cache.policyAndCalendar('GM0505')]);
    t.pending[0]!.resolve({} as PolicyAndCalendar);
    const [a, b] = await both;
    expect(a).toEqual(b);
    expect(a).not.toBe(b);
    expect(t.reads).toEqual(['policy GM0505']);
  });

  test('a failed read is not kept', async () => {
    const t = setup();
    t.holdReads(true);
    const failed = t.cache.policyAndCalendar('GM0505');
    t.pending[0]!.reject(new Error('connection lost'));
    await expect(failed).rejects.toThrow('connection lost');
    t.holdReads(false);
    await t.cache.policyAndCalendar('GM0505');
    expect(t.reads).toHaveLength(2);
  });

  test('the calendar is read again on a new day, and anything after its maximum age', async () => {
    const t = setup();
    await t.cache.policyAndCalendar('GM0505');
    await t.cache.assignment('GM0505');
    t.clock.today = '2026-12-06';
    await t.cache.policyAndCalendar('GM0505');
    await t.cache.assignment('GM0505');
    expect(t.reads).toEqual(['policy GM0505', 'assignment GM0505 -', 'policy GM0505']);
    t.clock.now += 60_000;
    await t.cache.assignment('GM0505');
    expect(t.reads.at(-1)).toBe('assignment GM0505 -');
    expect(t.reads).toHaveLength(4);
  });

  test('holds no more than its maximum number of entries', async () => {
    const t = setup();
    for (const g of ['GM0001', 'GM0002', 'GM0003', 'GM0004', 'GM0005']) await t.cache.assignment(g);
    expect(t.cache.size).toBeLessThanOrEqual(3);
  });
});
