import { randomUUID } from 'node:crypto';
import { recordAccess } from '../../api/auth/record-access';
import { caseScope, signalScope } from '../../api/services/scopes';
import { createLogger } from '../../platform/logger';
import { createPrisma, type Db } from '../../prisma/client';
import { seedYouth, uniqueId } from '../support/fixtures';
import { databaseUrlInTimeZone, stack } from '../support/stack-env';

/**
 * The statements every request about a case runs (issue 15: raw SQL, past Prisma's query
 * compiler): the access-log row and the case's or signal's scope. Read back through Prisma, on a
 * session in the Amsterdam time zone, so a timestamp written in local time would show.
 */
describe('per-request statements (access log, scope) on PostgreSQL', () => {
  let prisma: Db;
  let amsterdam: Db;
  beforeAll(() => {
    prisma = createPrisma(stack().databaseUrl);
    amsterdam = createPrisma(databaseUrlInTimeZone('Europe/Amsterdam'));
  });
  afterAll(async () => Promise.all([prisma?.$disconnect(), amsterdam?.$disconnect()]));

  const youth = () => seedYouth(prisma, '2012-03-04');

  test('an access-log row keeps every field, and its time is UTC whatever the session time zone', async () => {
    const [zone] = await amsterdam.$queryRaw<{ TimeZone: string }[]>`SHOW TimeZone`;
    expect(zone!.TimeZone).toBe('Europe/Amsterdam');
    const record = {
      actorId: uniqueId('lpa'),
      actorRole: 'consultant',
      activity: 'zaak-inzien',
      caseId: uniqueId('case-acc'),
      youthId: randomUUID(),
      method: 'GET',
      path: '/api/cases/x',
      status: 200,
      result: 'uitgevoerd' as const,
      traceId: uniqueId('trace'),
    };
    const before = Date.now();
    await recordAccess(amsterdam, createLogger('test'))(record);
    const after = Date.now();
    const row = await prisma.accessLog.findFirstOrThrow({ where: { traceId: record.traceId } });
    const { id, at, ...fields } = row;
    expect(fields).toEqual(record);
    expect(at.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(at.getTime()).toBeLessThanOrEqual(after + 1000);
  });

  test('an access-log row without case or youth', async () => {
    const traceId = uniqueId('trace');
    await recordAccess(prisma, createLogger('test'))({ actorId: 'priv', actorRole: 'privacy', activity: 'logboek-inzien', caseId: null, youthId: null, method: 'GET', path: '/api/access-log', status: 403, result: 'geweigerd', traceId });
    expect(await prisma.accessLog.findFirstOrThrow({ where: { traceId } })).toMatchObject({ caseId: null, youthId: null, status: 403, result: 'geweigerd' });
  });

  test("a case's scope: its first melding until the projection exists, then the projection; 404 when neither", async () => {
    const youthId = await youth();
    const caseId = uniqueId('case-scope');
    await expect(caseScope(prisma, caseId)).rejects.toMatchObject({ status: 404 });
    // Delivered, and the case closed: rows without a workflow that the shared worker's reconciler
    // and the calendar broadcast must leave alone (an undelivered one would be started as a case).
    const melding = (id: string, gemeente: string, receivedAt: Date, schoolBrin: string | null) =>
      prisma.melding.create({ data: { id, youthId, caseId, kind: 'zestien-uur', gemeente, schoolBrin, reportDate: '2026-11-01', payload: {}, receivedAt, deliveredAt: receivedAt } });
    // Stored out of order: the first received counts, not the first stored.
    await melding(uniqueId('m-later'), 'GM0590', new Date('2026-11-03T10:00:00Z'), '34CD');
    await melding(uniqueId('m-first'), 'GM0505', new Date('2026-11-02T10:00:00Z'), null);
    expect(await caseScope(prisma, caseId)).toEqual({ gemeente: 'GM0505', schoolBrin: undefined, youthId });
    await prisma.case.create({
      data: { id: caseId, youthId, version: 1, duoStatus: 'afgesloten', phase: 'afgesloten', gemeente: 'GM0642', schoolBrin: '12AB', routes: [], openedAt: new Date(), closedAt: new Date(), state: {} },
    });
    expect(await caseScope(prisma, caseId)).toEqual({ gemeente: 'GM0642', schoolBrin: '12AB', youthId });
  });

  test("a signal's scope, and 404 for an unknown signal", async () => {
    const youthId = await youth();
    const id = uniqueId('signal-scope');
    await expect(signalScope(prisma, id)).rejects.toMatchObject({ status: 404 });
    await prisma.earlySignal.create({
      data: { id, youthId, gemeente: 'GM0505', schoolBrin: '12AB', concern: 'anders', reporterRole: 'school', reporterId: 'school-12AB', payload: {}, deliveredAt: new Date(), status: 'afgesloten' },
    });
    expect(await signalScope(prisma, id)).toEqual({ gemeente: 'GM0505', schoolBrin: '12AB', youthId });
  });
});
