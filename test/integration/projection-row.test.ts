import { deliverNotification } from '../../activities/notifications';
import { createProjectionActivities } from '../../activities/projection';
import { duoFeedbackFor, reportedSoFar } from '../../domain/audit/duo-feedback';
import { openCase } from '../../domain/case/intake';
import { activeRoutes, nextDeadline, type CaseState } from '../../domain/case/state';
import { createPrisma, type Db } from '../../prisma/client';
import { seedYouth, uniqueId } from '../support/fixtures';
import { intakeFacts } from '../support/intake-facts';
import { databaseUrlInTimeZone, stack } from '../support/stack-env';

/**
 * What a step's local activities write (issue 15: raw statements, past Prisma's query compiler):
 * the case projection's row, every column as the state says, and its audit rows; a notification
 * addressed from the projection. Times in UTC whatever the session's time zone (the activities run
 * on a session in Amsterdam, the rows are read back through Prisma); a version never overwritten by
 * an older one, a key never written twice.
 */
describe('the case projection row on PostgreSQL', () => {
  let prisma: Db;
  let amsterdam: Db;
  beforeAll(() => {
    prisma = createPrisma(stack().databaseUrl);
    amsterdam = createPrisma(databaseUrlInTimeZone('Europe/Amsterdam'));
  });
  afterAll(async () => Promise.all([prisma?.$disconnect(), amsterdam?.$disconnect()]));

  /**
   * A case as opened, for rows without a workflow: closed before it is projected (unless a test
   * says otherwise), so that the shared worker's calendar broadcast does not try to reach it.
   */
  async function openedCase(opts: { open?: boolean } = {}): Promise<CaseState> {
    const youthId = await seedYouth(prisma, '2012-03-04');
    const caseId = uniqueId('case-proj');
    const s = openCase(intakeFacts({ caseId, youthId }), new Date('2026-11-02T09:00:00Z')).state;
    if (!opts.open) {
      s.phase = 'afgesloten';
      s.closure = { reason: 'afgerond-na-route', closedAt: '2026-11-20T15:30:00.000Z', by: 'lpa-bob' };
    }
    return s;
  }

  const expectRowOf = async (s: CaseState) => {
    const row = await prisma.case.findUniqueOrThrow({ where: { id: s.caseId } });
    const next = nextDeadline(s);
    expect(row).toMatchObject({
      version: s.version,
      duoStatus: s.duoStatus,
      phase: s.phase,
      step: s.step,
      regime: s.regime,
      gemeente: s.gemeente,
      schoolBrin: s.schoolBrin ?? null,
      consultantId: s.consultantId,
      routes: activeRoutes(s),
      nextDeadline: next ? new Date(next) : null,
      closureReason: s.closure?.reason ?? null,
      closedAt: s.closure ? new Date(s.closure.closedAt) : null,
      thuiszitter: !!s.thuiszitter,
      thuiszitterSince: s.thuiszitter?.since ?? null,
      thuiszitterUntil: s.thuiszitter?.until ?? null,
    });
    expect(row.state).toEqual(JSON.parse(JSON.stringify(s)));
    return row;
  };

  test('a newer version updates every column, in UTC on an Amsterdam session; an older one changes nothing', async () => {
    const { projectCase } = createProjectionActivities({ prisma: amsterdam });
    const [zone] = await amsterdam.$queryRaw<{ TimeZone: string }[]>`SHOW TimeZone`;
    expect(zone!.TimeZone).toBe('Europe/Amsterdam');
    // Open first (its next deadline a column), then closed by the newer version.
    const s1 = await openedCase({ open: true });
    expect(nextDeadline(s1)).toBeTruthy();
    await projectCase(s1);
    await expectRowOf(s1);

    // A later version: another consultant, a route, a thuiszitter period and the closure, each a column.
    const s2: CaseState = structuredClone(s1);
    s2.version = s1.version + 3;
    s2.consultantId = 'lpa-bob';
    s2.routes = [{ kind: 'halt', status: 'afgerond', startedAt: '2026-11-10T10:00:00.000Z', details: {}, steps: [], outcome: 'geslaagd', completedAt: '2026-11-19T10:00:00.000Z' }];
    s2.thuiszitter = { since: '2026-10-05', grounds: 'vier-weken-afwezig', setBy: 'lpa-bob', markedAt: '2026-11-03T10:00:00.000Z', until: '2026-11-20', endReason: 'zaak-gesloten', reviews: [], goals: [] };
    s2.closure = { reason: 'afgerond-na-route', closedAt: '2026-11-20T15:30:00.000Z', by: 'lpa-bob' };
    s2.phase = 'afgesloten';
    const before = Date.now();
    await projectCase(s2);
    const row = await expectRowOf(s2);
    expect(row.updatedAt.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(row.updatedAt.getTime()).toBeLessThanOrEqual(Date.now() + 1000);

    // A retried or reordered older version never overwrites the newer row.
    await projectCase(s1);
    await expectRowOf(s2);
  });

  test("the changes a state carries become audit rows once, with their times in UTC on an Amsterdam session; the DUO feedback follows its status", async () => {
    const { projectCase } = createProjectionActivities({ prisma: amsterdam });
    const s: CaseState = await openedCase();
    s.recentChanges = [
      { version: s.version - 1, action: 'start', at: '2026-11-02T09:00:00.000Z', actor: { id: 'school-12AB', role: 'school' }, reason: 'melding M1 (zestien-uur)', duoStatus: s.duoStatus },
      { version: s.version, action: 'reassign', at: '2026-11-02T09:05:00.000Z', actor: { id: 'tl-zhz', role: 'teamlead' }, duoStatus: s.duoStatus },
    ];
    const before = Date.now();
    await projectCase(s);
    // Retried: nothing twice.
    await projectCase(s);
    const rows = await prisma.auditEntry.findMany({ where: { caseId: s.caseId }, orderBy: { version: 'asc' } });
    expect(rows.map(({ id, createdAt, ...r }) => r)).toEqual(
      s.recentChanges.map((c) => ({ caseId: s.caseId, version: c.version, action: c.action, actorId: c.actor.id, actorRole: c.actor.role, reason: c.reason ?? null, at: new Date(c.at), duoStatus: c.duoStatus })),
    );
    for (const r of rows) {
      expect(r.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(r.createdAt.getTime()).toBeGreaterThanOrEqual(before - 1000);
      expect(r.createdAt.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
    }
    // What domain/audit says a first projection reports, once (the second found it already reported).
    const feedback = await prisma.duoFeedback.findMany({ where: { caseId: s.caseId }, orderBy: { createdAt: 'asc' } });
    expect(feedback.map((f) => f.status).sort()).toEqual(duoFeedbackFor(s, reportedSoFar([])).map((r) => r.status).sort());
    expect(feedback.length).toBeGreaterThan(0);
  });

  test('a notification is addressed from the projection (the consultant, the team lead in its state), once per key, in UTC on an Amsterdam session', async () => {
    const s = await openedCase();
    s.consultantId = 'lpa-proj';
    s.teamLeadId = 'tl-proj';
    await createProjectionActivities({ prisma }).projectCase(s);
    const send = (key: string, recipientRole: 'consultant' | 'teamlead', message = 'Nieuwe zaak') =>
      deliverNotification(amsterdam, { key, caseId: s.caseId, recipientRole, recipientId: null, topic: 'nieuwe-zaak', message });
    const [toConsultant, toLead] = [uniqueId('n'), uniqueId('n')];
    const before = Date.now();
    await send(toConsultant, 'consultant');
    await send(toLead, 'teamlead');
    // The same key again (a retried activity): the first stays, nothing is added.
    await send(toConsultant, 'consultant', 'anders');
    const rows = await prisma.notification.findMany({ where: { caseId: s.caseId }, orderBy: { id: 'asc' } });
    expect(rows.map(({ createdAt, ...r }) => r).sort((a, b) => a.id.localeCompare(b.id))).toEqual(
      [
        { id: toConsultant, caseId: s.caseId, recipientRole: 'consultant', recipientId: 'lpa-proj', gemeente: s.gemeente, topic: 'nieuwe-zaak', message: 'Nieuwe zaak', readAt: null },
        { id: toLead, caseId: s.caseId, recipientRole: 'teamlead', recipientId: 'tl-proj', gemeente: s.gemeente, topic: 'nieuwe-zaak', message: 'Nieuwe zaak', readAt: null },
      ].sort((a, b) => a.id.localeCompare(b.id)),
    );
    for (const r of rows) {
      expect(r.createdAt.getTime()).toBeGreaterThanOrEqual(before - 1000);
      expect(r.createdAt.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
    }
  });
});
