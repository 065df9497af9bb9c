import request from 'supertest';
import { createApp } from '../../api/app';
import type { Actor } from '../../domain/case/actor';
import { parseConfig } from '../../platform/config';
import { hashLinkToken } from '../../platform/link-tokens';
import { createLogger } from '../../platform/logger';
import { Prisma } from '../../prisma/client';
import { caseWorkflowId, schoolInformationSignal, type CaseWorkflowInput } from '../../workflows/messages';
import { CasePhaseKey, GemeenteKey, NextDeadlineKey } from '../../workflows/search-attributes';
import { ownRegion, teamLead } from '../support/audit-scenarios';
import { CaseDriver, consultant, school } from '../support/case-driver';
import { eventually } from '../support/eventually';
import { aMelding, aSummary, bornYearsBefore, daysAgo, seedYouth, today, uniqueId } from '../support/fixtures';
import { aSignalSummary, SignalDriver } from '../support/signal-driver';
import { linksIn, startTestSmtp, type ReceivedMail, type TestSmtp } from '../support/smtp-server';
import { stack } from '../support/stack-env';
import { createCaseTestEnv, sleepUntil, walkOnderzoek, type CaseTestEnv } from '../support/workflow-env';

const BASE = 'https://lvs.test';
const FROM = 'Leerplicht ZHZ <leerplicht@lvs.test>';
const DAY = 86_400_000;

/**
 * The case workflow on the time-skipping server, phase by phase: the intake, the onderzoeksfase
 * (the school's information: asked, reminded, late and repeated answers; the hoorgesprek: planned,
 * moved, cancelled, refused, missed), the routes, the huisbezoek and the thuiszitter, the school's
 * e-mails; and the early signal workflow. One server and worker for the file (each Java server
 * warms up its own compiled code, and the worker loads the bundle): every case reads its times
 * from the server's clock, which the tests before it have moved on.
 */
let t: CaseTestEnv;
// The school's e-mail goes to a real SMTP server on loopback (a case without a melding's address
// sends none); its links name BASE.
let smtp: TestSmtp;
beforeAll(async () => {
  smtp = await startTestSmtp();
  t = await createCaseTestEnv({ mailer: smtp.transport(), config: { PUBLIC_BASE_URL: BASE, SMTP_FROM: FROM } });
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

/** Intake from the registers in PostgreSQL, absoluut verzuim, and long-running mechanics. */
describe('case workflow: intake', () => {

  test('a registered vrijstelling that covers the period is put before the consultant, who closes the case', () =>
    t.withWorker(async () => {
      const youthId = await seedYouth(t.prisma, bornYearsBefore(today(), 11));
      await t.prisma.vrijstelling.create({
        data: { youthId, kind: 'art5a', from: daysAgo(60), to: null, decisionDate: daysAgo(60), reference: 'VR-2026-17', details: { statementDate: daysAgo(70) }, createdBy: 'lpa-anna' },
      });
      const c = await CaseDriver.start(t.env.client, t.taskQueue, aSummary(), youthId);
      const s = await c.waitFor((x) => x.step === 'intake-besluit');
      expect(s).toMatchObject({ phase: 'intake', duoStatus: 'geregistreerd', vrijstellingen: [{ kind: 'art5a', reference: 'VR-2026-17' }] });
      expect(await t.prisma.schoolRequest.count({ where: { caseId: c.caseId } })).toBe(0);
      expect(await c.refusal('decideIntake', { decision: 'sluiten' })).toMatchObject({ type: 'InvalidInput' });
      const closed = await c.do('decideIntake', { decision: 'sluiten', closureReason: 'vrijstelling', note: 'Vrijstelling art. 5a geldig' });
      expect(closed).toMatchObject({ phase: 'afgesloten', duoStatus: 'ter-kennisgeving-aangenomen', closure: { reason: 'vrijstelling' } });
    }));

  test('the consultant may continue despite a vrijstelling; a vrijstelling outside the period does not stop the intake', () =>
    t.withWorker(async () => {
      const youthId = await seedYouth(t.prisma, bornYearsBefore(today(), 12));
      await t.prisma.vrijstelling.create({
        data: { youthId, kind: 'art11-verlof', from: daysAgo(400), to: daysAgo(390), decisionDate: daysAgo(420), reference: 'V-old', details: {}, createdBy: 'lpa-anna' },
      });
      const plain = await CaseDriver.start(t.env.client, t.taskQueue, aSummary(), youthId);
      expect((await plain.waitFor((x) => x.step !== null)).step).toBe('school-informatie');

      const other = await seedYouth(t.prisma, bornYearsBefore(today(), 12));
      await t.prisma.vrijstelling.create({
        data: { youthId: other, kind: 'art15', from: daysAgo(30), to: null, decisionDate: daysAgo(30), reference: 'V-15', details: {}, createdBy: 'lpa-anna' },
      });
      const c = await CaseDriver.start(t.env.client, t.taskQueue, aSummary(), other);
      await c.waitFor((x) => x.step === 'intake-besluit');
      const s = await c.do('decideIntake', { decision: 'doorgaan' });
      expect(s).toMatchObject({ phase: 'onderzoek', step: 'school-informatie', duoStatus: 'in-behandeling' });
    }));

  test('the case is assigned by rule (school before gemeente) and can be reassigned', () =>
    t.withWorker(async () => {
      await t.prisma.assignmentRule.createMany({
        data: [
          { gemeente: 'GM0590', consultantId: 'lpa-papendrecht', teamLeadId: 'tl-zhz' },
          { schoolBrin: '99ZZ', consultantId: 'lpa-school-99zz', teamLeadId: 'tl-zhz' },
        ],
      });
      const youth = () => seedYouth(t.prisma, bornYearsBefore(today(), 13));
      const byGemeente = await CaseDriver.start(t.env.client, t.taskQueue, aSummary({ gemeente: 'GM0590', schoolBrin: '11AA' }), await youth());
      const bySchool = await CaseDriver.start(t.env.client, t.taskQueue, aSummary({ gemeente: 'GM0590', schoolBrin: '99ZZ' }), await youth());
      expect((await byGemeente.waitFor((x) => x.step !== null)).consultantId).toBe('lpa-papendrecht');
      const s = await bySchool.waitFor((x) => x.step !== null);
      expect(s).toMatchObject({ consultantId: 'lpa-school-99zz', teamLeadId: 'tl-zhz' });
      expect(await bySchool.refusal('reassign', { consultantId: 'lpa-school-99zz' })).toMatchObject({ type: 'RuleViolation' });
      expect((await bySchool.do('reassign', { consultantId: 'lpa-anna' }, { id: 'tl-zhz', role: 'teamlead' })).consultantId).toBe('lpa-anna');
      const notes = await t.prisma.notification.findMany({ where: { caseId: bySchool.caseId, topic: 'toegewezen' } });
      expect(notes.map((n) => n.recipientId)).toEqual(['lpa-anna']);
    }));

  test('absoluut verzuim: a term to enrol, then the penal route is open', () =>
    t.withWorker(async () => {
      const youthId = await seedYouth(t.prisma, bornYearsBefore(today(), 13));
      const c = await CaseDriver.start(t.env.client, t.taskQueue, aSummary({ kind: 'absoluut', schoolBrin: undefined, hoursAbsent: undefined }), youthId);
      const s0 = await c.waitFor((x) => x.step === 'inschrijftermijn');
      // Not enrolled anywhere: also a thuiszitter case, reviewed with the partners meanwhile.
      expect(s0.deadlines.map((d) => [d.kind, d.owner])).toEqual([
        ['inschrijftermijn', 'system'],
        ['thuiszitter-overleg', 'consultant'],
      ]);
      expect(s0.thuiszitter).toMatchObject({ grounds: 'absoluut', setBy: 'afgeleid' });
      await sleepUntil(t.env, s0.deadlines.find((d) => d.kind === 'inschrijftermijn')!.dueAt);
      const s1 = await c.waitFor((x) => x.step === 'route-keuze');
      expect(s1).toMatchObject({ phase: 'routes', absoluutEnrolTermEnded: true });
      const s2 = await c.do('chooseRoutes', { routes: ['strafrechtelijk'], procesVerbaal: { against: ['ouders'] } });
      expect(s2.routes[0]!.kind).toBe('strafrechtelijk');
    }));

  test('absoluut verzuim: enrolment within the term closes the case (terug naar school)', () =>
    t.withWorker(async () => {
      const youthId = await seedYouth(t.prisma, bornYearsBefore(today(), 8));
      const c = await CaseDriver.start(t.env.client, t.taskQueue, aSummary({ kind: 'absoluut', schoolBrin: undefined, hoursAbsent: undefined }), youthId);
      await c.waitFor((x) => x.step === 'inschrijftermijn');
      await c.enrolled('23BC', today());
      const s = await c.finalState();
      expect(s).toMatchObject({ phase: 'afgesloten', closure: { reason: 'terug-naar-school' }, enrolment: { brin: '23BC' } });
    }));

  test('a youth not yet leerplichtig on the melding date is put before the consultant', () =>
    t.withWorker(async () => {
      const youthId = await seedYouth(t.prisma, bornYearsBefore(today(), 4, 1));
      const c = await CaseDriver.start(t.env.client, t.taskQueue, aSummary(), youthId);
      const s = await c.waitFor((x) => x.step === 'intake-besluit');
      expect(s.regime).toBe('niet-leerplichtig');
      expect((await c.do('decideIntake', { decision: 'sluiten', closureReason: 'ter-kennisgeving' }, consultant)).duoStatus).toBe('ter-kennisgeving-aangenomen');
    }));

  test('a case continued as new keeps its whole state and carries on', () =>
    t.withWorker(async () => {
      const youthId = await seedYouth(t.prisma, bornYearsBefore(today(), 14));
      const first = await CaseDriver.start(t.env.client, t.taskQueue, aSummary(), youthId);
      const state = await walkOnderzoek(t.env, first, 'beoordeling');
      // Start a second run from the first's state, as continueAsNew does when the history grows.
      const caseId = caseWorkflowId(uniqueId('m-can'));
      const input: CaseWorkflowInput = { kind: 'continued', state: { ...state, caseId } };
      const handle = await t.env.client.workflow.start('caseWorkflow', { workflowId: caseId, taskQueue: t.taskQueue, args: [input] });
      const second = new CaseDriver(handle as never);
      const s = await second.do('recordJudgement', { verdict: 'ongeoorloofd', reasoning: 'Geen geldige reden' });
      expect(s).toMatchObject({ phase: 'routes', step: 'route-keuze', version: state.version + 1 });
      expect(s.hoorgesprek.summary).toBe(state.hoorgesprek.summary);
    }));
});

/** The onderzoeksfase on the time-skipping server, with the real ZHZ policy durations. */
describe('case workflow: onderzoeksfase', () => {
  const newCase = async (age = 14, overrides = {}) => {
    const youthId = await seedYouth(t.prisma, bornYearsBefore(today(), age));
    return CaseDriver.start(t.env.client, t.taskQueue, aSummary(overrides), youthId);
  };
  const until = async (iso: string, plusMs = 60_000) => {
    const now = await t.env.currentTimeMs();
    await t.env.sleep(Math.max(new Date(iso).getTime() - now + plusMs, 1));
  };
  const notifications = (caseId: string) =>
    t.prisma.notification.findMany({ where: { caseId }, orderBy: { createdAt: 'asc' } }).then((ns) => ns.map((n) => `${n.recipientRole}:${n.topic}`));

  test('a new melding asks the school for information and is projected to PostgreSQL', () =>
    t.withWorker(async () => {
      const c = await newCase();
      const s = await c.waitFor((x) => x.step === 'school-informatie');
      expect(s).toMatchObject({ phase: 'onderzoek', duoStatus: 'in-behandeling', regime: 'leerplichtig' });
      const request = await eventually(() => t.prisma.schoolRequest.findUnique({ where: { id: s.schoolRequest!.requestId } }), (r) => r !== null);
      expect(request).toMatchObject({ caseId: c.caseId, schoolBrin: '12AB', status: 'open' });
      const row = await eventually(() => t.prisma.case.findUnique({ where: { id: c.caseId } }), (r) => r !== null);
      expect(row).toMatchObject({ phase: 'onderzoek', step: 'school-informatie', duoStatus: 'in-behandeling', gemeente: 'GM0505' });
      expect(row!.nextDeadline?.toISOString()).toBe(s.schoolRequest!.dueAt);
    }));

  test("the school's answer moves the onderzoek on to the hoorgesprek at once", () =>
    t.withWorker(async () => {
      const c = await newCase();
      const s0 = await c.waitFor((x) => x.step === 'school-informatie');
      await c.schoolAnswers({ requestId: s0.schoolRequest!.requestId, careSignals: 'zorgen over thuissituatie' });
      const s1 = await c.waitFor((x) => x.step === 'hoorgesprek');
      expect(s1.schoolRequest?.answer?.careSignals).toBe('zorgen over thuissituatie');
      expect(s1.deadlines.map((d) => d.kind)).toEqual(['hoorgesprek']);
      // The notification is an effect that runs after the state changed: wait for it.
      // No consultant or team lead is known for this gemeente here: the team inbox gets what is meant for them (nothing is addressed to nobody).
      expect(await eventually(() => notifications(c.caseId), (ns) => ns.includes('team:school-informatie-ontvangen'))).toContain(
        'team:school-informatie-ontvangen',
      );
    }));

  test('an unanswered request: a reminder before the deadline, one after it, then the consultant is told', () =>
    t.withWorker(async () => {
      const c = await newCase();
      const s0 = await c.waitFor((x) => x.step === 'school-informatie');
      const d = s0.deadlines.find((x) => x.kind === 'school-informatie')!;
      // The second reminder has an instant of its own in the deadline data, between the deadline and the escalation.
      expect(d.remindAt! < d.dueAt && d.dueAt < d.secondRemindAt! && d.secondRemindAt! < d.escalateAt!).toBe(true);

      await until(d.remindAt!);
      await c.waitFor((x) => x.schoolRequest!.remindersSent === 1);
      const request = () => t.prisma.schoolRequest.findUniqueOrThrow({ where: { id: s0.schoolRequest!.requestId } });
      expect((await eventually(request, (r) => r.remindersSent === 1)).remindersSent).toBe(1);

      await until(d.dueAt);
      const expired = await c.waitFor((x) => x.deadlines.some((y) => y.kind === 'school-informatie' && y.expired));
      expect(expired.schoolRequest!.remindersSent).toBe(1);
      await until(d.secondRemindAt!);
      await c.waitFor((x) => x.schoolRequest!.remindersSent === 2);
      expect((await eventually(request, (r) => r.status === 'expired')).status).toBe('expired');

      await until(d.escalateAt!);
      const s = await c.waitFor((x) => x.step === 'hoorgesprek');
      expect(s.schoolRequest!.escalatedAt).toBeDefined();
      expect(await eventually(() => notifications(c.caseId), (ns) => ns.includes('team:school-informatie-uitgebleven'))).toContain(
        'team:school-informatie-uitgebleven',
      );
    }));

  test('a hoorgesprek: planning, a first no-show gets a second invitation, a second no-show goes to judgement', () =>
    t.withWorker(async () => {
      const c = await newCase(14);
      const s0 = await c.waitFor((x) => x.step === 'school-informatie');
      await c.schoolAnswers({ requestId: s0.schoolRequest!.requestId });
      await c.waitFor((x) => x.step === 'hoorgesprek');

      const inTwoDays = new Date((await t.env.currentTimeMs()) + 2 * 86_400_000).toISOString();
      expect(await c.refusal('planHoorgesprek', { plannedFor: inTwoDays, withYouth: false, location: 'Stadskantoor' })).toMatchObject({
        type: 'RuleViolation',
        message: expect.stringMatching(/12 or older is invited/),
      });
      await c.do('planHoorgesprek', { plannedFor: inTwoDays, withYouth: true, location: 'Stadskantoor' });
      expect((await c.refusal('recordHoorgesprek', { outcome: 'niet-verschenen', summary: 'te vroeg' })).message).toMatch(/has not taken place yet/);

      await until(inTwoDays, 3_600_000);
      let s = await c.do('recordHoorgesprek', { outcome: 'niet-verschenen', summary: 'Niemand verschenen' });
      expect(s.step).toBe('hoorgesprek');
      const later = new Date((await t.env.currentTimeMs()) + 3 * 86_400_000).toISOString();
      await c.do('planHoorgesprek', { plannedFor: later, withYouth: true, location: 'Stadskantoor' });
      await until(later, 3_600_000);
      s = await c.do('recordHoorgesprek', { outcome: 'niet-verschenen', summary: 'Weer niemand' });
      expect(s.step).toBe('beoordeling');
      expect(s.hoorgesprek.invitations).toHaveLength(2);
      expect(await t.prisma.correspondence.count({ where: { caseId: c.caseId, kind: 'invite-hoorgesprek' } })).toBe(2);
    }));

  test('a refused hoorgesprek is recorded as grounds for the penal route; a judgement of geoorloofd closes the case', () =>
    t.withWorker(async () => {
      const c = await newCase(15);
      const s0 = await c.waitFor((x) => x.step === 'school-informatie');
      await c.schoolAnswers({ requestId: s0.schoolRequest!.requestId });
      await c.waitFor((x) => x.step === 'hoorgesprek');
      const soon = new Date((await t.env.currentTimeMs()) + 86_400_000).toISOString();
      await c.do('planHoorgesprek', { plannedFor: soon, withYouth: true, location: 'Huisbezoek' });
      await until(soon);
      const s1 = await c.do('recordHoorgesprek', { outcome: 'geweigerd', summary: 'Ouders weigeren medewerking' });
      expect(s1.hoorgesprek.refusedToCooperate).toBe(true);
      expect(s1.step).toBe('beoordeling');

      expect(await c.refusal('recordJudgement', { verdict: 'geoorloofd', reasoning: 'ziek' })).toMatchObject({
        type: 'InvalidInput',
        details: [{ path: 'closureReason', message: expect.any(String) }],
      });
      const s2 = await c.do('recordJudgement', { verdict: 'geoorloofd', reasoning: 'Langdurig ziek, verklaring jeugdarts', closureReason: 'geen-verzuim-langdurig-ziek' });
      expect(s2).toMatchObject({ phase: 'afgesloten', duoStatus: 'afgesloten', closure: { reason: 'geen-verzuim-langdurig-ziek', by: consultant.id } });
      expect((await c.finalState()).phase).toBe('afgesloten');
    }));

  test('a step that does not fit the phase is refused as PhaseConflict and leaves no trace in history', () =>
    t.withWorker(async () => {
      const c = await newCase();
      await c.waitFor((x) => x.step === 'school-informatie');
      const refused = await c.refusal('recordJudgement', { verdict: 'ongeoorloofd', reasoning: 'x' });
      expect(refused.type).toBe('PhaseConflict');
      expect(refused.message).toMatch(/only possible in step 'beoordeling'/);
      expect(refused.details).toEqual([{ code: 'case.step', message: refused.message }]);
      // A refused update is never accepted: no update event reaches the history.
      const history = await c.handle.fetchHistory();
      expect(history.events?.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes)).toEqual([]);
      expect(JSON.stringify(history)).not.toContain('recordJudgement');
    }));

  test("the consultant's own deadline: a reminder before, the team lead is told after", () =>
    t.withWorker(async () => {
      const c = await newCase();
      const s0 = await c.waitFor((x) => x.step === 'school-informatie');
      await c.schoolAnswers({ requestId: s0.schoolRequest!.requestId });
      const s1 = await c.waitFor((x) => x.step === 'hoorgesprek');
      const d = s1.deadlines.find((x) => x.kind === 'hoorgesprek')!;
      await until(d.escalateAt!);
      const s2 = await c.waitFor((x) => x.deadlines.some((y) => y.kind === 'hoorgesprek' && y.escalated));
      expect(s2.missedDeadlines).toEqual([{ kind: 'hoorgesprek', dueAt: d.dueAt }]);
      const expected = ['team:herinnering-termijn', 'team:termijn-verstreken', 'team:escalatie-termijn'];
      const topics = await eventually(() => notifications(c.caseId), (ns) => expected.every((e) => ns.includes(e)));
      expect(topics).toEqual(expect.arrayContaining(expected));
    }));
});

/** School information that arrives after it was recorded (issue 12): kept as an addition, never dropped. */
describe('case workflow: late and repeated school answers', () => {
  const info = (contactPerson: string, requestId?: string) => ({ requestId, absencePerWeek: [], schoolActions: 'Gesprek met mentor', careSignals: '', contactPerson });

  test('the consultant recorded the information by phone; the school answers through its link afterwards: kept as an addition the consultant sees', () =>
    t.withWorker(async () => {
      const youthId = await seedYouth(t.prisma, bornYearsBefore(today(), 14));
      const c = await CaseDriver.start(t.env.client, t.taskQueue, aSummary(), youthId);
      const s0 = await c.waitFor((x) => x.step === 'school-informatie');
      const requestId = s0.schoolRequest!.requestId;

      await c.handle.signal(schoolInformationSignal, { actor: consultant, input: info('telefonisch: J. Jansen') });
      const answered = await c.waitFor((x) => x.step === 'hoorgesprek');
      expect(answered.schoolRequest!.answer!.contactPerson).toBe('telefonisch: J. Jansen');

      await c.handle.signal(schoolInformationSignal, { actor: school, input: info('J. Jansen (via link)', requestId) });
      const s = await c.waitFor((x) => (x.schoolInformationAdditions ?? []).length === 1);
      expect(s.step).toBe('hoorgesprek');
      expect(s.schoolRequest!.answer!.contactPerson).toBe('telefonisch: J. Jansen');
      expect(s.schoolInformationAdditions).toEqual([
        expect.objectContaining({ requestId, reason: 'na-eerder-antwoord', by: school.id, answer: expect.objectContaining({ contactPerson: 'J. Jansen (via link)' }) }),
      ]);
      const topics = await eventually(
        () => t.prisma.notification.findMany({ where: { caseId: c.caseId } }).then((ns) => ns.map((n) => n.topic)),
        (ts) => ts.includes('school-informatie-aanvulling'),
      );
      expect(topics).toContain('school-informatie-aanvulling');
      // An answer to an older request is kept too, with its reason.
      await c.handle.signal(schoolInformationSignal, { actor: school, input: info('oud verzoek', `${c.caseId}-school-0`) });
      const s2 = await c.waitFor((x) => (x.schoolInformationAdditions ?? []).length === 2);
      expect(s2.schoolInformationAdditions![1]).toMatchObject({ reason: 'ouder-verzoek' });
      const audit = await eventually(
        // In the case's order (its version): without an order PostgreSQL may return them in any.
        () => t.prisma.auditEntry.findMany({ where: { caseId: c.caseId, action: 'signal:schoolInformationReceived' }, orderBy: { version: 'asc' } }),
        (rows) => rows.length === 3,
      );
      expect(audit.map((r) => r.reason)).toEqual([null, 'aanvulling (na-eerder-antwoord)', 'aanvulling (ouder-verzoek)']);
    }));
});

/** The hoorgesprek as consultants meet it (issue 12): moved, cancelled or refused before the date, missed on the day. */
describe('case workflow: hoorgesprek re-planned, cancelled, refused, missed', () => {
  const DAY = 86_400_000;
  const atHoorgesprek = async (age = 14) => {
    const youthId = await seedYouth(t.prisma, bornYearsBefore(today(), age));
    const c = await CaseDriver.start(t.env.client, t.taskQueue, aSummary(), youthId);
    const s0 = await c.waitFor((x) => x.step === 'school-informatie');
    await c.schoolAnswers({ requestId: s0.schoolRequest!.requestId });
    await c.waitFor((x) => x.step === 'hoorgesprek');
    return c;
  };
  const inDays = async (days: number) => new Date((await t.env.currentTimeMs()) + days * DAY).toISOString();
  const invitations = (caseId: string) =>
    t.prisma.correspondence.findMany({ where: { caseId, kind: 'invite-hoorgesprek' }, orderBy: { createdAt: 'asc' } }).then((rows) => rows.map((r) => r.details as Record<string, unknown>));
  const topics = (caseId: string) => t.prisma.notification.findMany({ where: { caseId } }).then((ns) => ns.map((n) => n.topic));

  test('a planned hoorgesprek moves to a new date and place with the reason; a new invitation goes out and the deadline follows', () =>
    t.withWorker(async () => {
      const c = await atHoorgesprek();
      const first = await inDays(2);
      await c.do('planHoorgesprek', { plannedFor: first, withYouth: true, location: 'Stadskantoor' });
      const moved = await inDays(6);
      const s = await c.do('replanHoorgesprek', { plannedFor: moved, location: 'Huisbezoek', requestedBy: 'ouders', reason: 'Moeder moet werken op die dag' });
      expect(s.step).toBe('hoorgesprek');
      expect(s.hoorgesprek.invitations).toEqual([
        expect.objectContaining({ plannedFor: first, outcome: 'verplaatst', change: expect.objectContaining({ by: 'ouders', reason: 'Moeder moet werken op die dag' }) }),
        expect.objectContaining({ plannedFor: moved, location: 'Huisbezoek', withYouth: true, withParents: true }),
      ]);
      expect(s.hoorgesprek.invitations[1]!.outcome).toBeUndefined();
      // The outcome is now due after the new date, not the old one.
      expect(s.deadlines.find((d) => d.kind === 'hoorgesprek')!.dueAt > moved).toBe(true);
      const sent = await eventually(() => invitations(c.caseId), (rows) => rows.length === 2);
      expect(sent[1]).toMatchObject({ sequence: 2, plannedFor: moved, location: 'Huisbezoek', replaces: 1, reason: 'Moeder moet werken op die dag' });
      const audit = await eventually(() => t.prisma.auditEntry.findFirst({ where: { caseId: c.caseId, action: 'replanHoorgesprek' } }), (e) => e !== null);
      expect(audit!.reason).toBe('Moeder moet werken op die dag');

      // Moving to a date that passed, or moving nothing, is refused with the reason.
      expect(await c.refusal('replanHoorgesprek', { plannedFor: new Date((await t.env.currentTimeMs()) - 3_600_000).toISOString(), location: 'x', requestedBy: 'consultant', reason: 'x' })).toMatchObject({
        type: 'RuleViolation',
        details: [expect.objectContaining({ code: 'hoorgesprek.replan-past' })],
      });
      const other = await atHoorgesprek();
      expect(await other.refusal('replanHoorgesprek', { plannedFor: moved, location: 'x', requestedBy: 'ouders', reason: 'x' })).toMatchObject({ type: 'PhaseConflict' });
    }));

  test('parents cancel before the date: recorded with the reason, the consultant plans a second invitation', () =>
    t.withWorker(async () => {
      const c = await atHoorgesprek();
      const planned = await inDays(3);
      await c.do('planHoorgesprek', { plannedFor: planned, withYouth: true, location: 'Stadskantoor' });
      const receivedAt = new Date(await t.env.currentTimeMs()).toISOString();
      const s = await c.do('cancelHoorgesprek', { by: 'ouders', kind: 'afgezegd', receivedAt, reason: 'Jongere is ziek, ouders bellen af' });
      expect(s.step).toBe('hoorgesprek');
      expect(s.hoorgesprek.invitations[0]).toMatchObject({ outcome: 'afgezegd', change: { by: 'ouders', reason: 'Jongere is ziek, ouders bellen af', at: receivedAt } });
      expect(s.hoorgesprek.refusedToCooperate).toBe(false);
      expect(await eventually(() => topics(c.caseId), (ts) => ts.includes('hoorgesprek-afgezegd'))).toContain('hoorgesprek-afgezegd');

      const second = await inDays(7);
      const s2 = await c.do('planHoorgesprek', { plannedFor: second, withYouth: true, location: 'Stadskantoor' });
      expect(s2.hoorgesprek.invitations.map((i) => i.outcome ?? 'gepland')).toEqual(['afgezegd', 'gepland']);
      const sent = await eventually(() => invitations(c.caseId), (rows) => rows.length === 2);
      expect(sent.map((r) => r.sequence)).toEqual([1, 2]);
    }));

  test('the youth refuses before the date: grounds for a proces-verbaal, the judgement is next', () =>
    t.withWorker(async () => {
      const c = await atHoorgesprek(15);
      await c.do('planHoorgesprek', { plannedFor: await inDays(3), withYouth: true, location: 'Stadskantoor' });
      const s = await c.do('cancelHoorgesprek', { by: 'jongere', kind: 'geweigerd', receivedAt: new Date(await t.env.currentTimeMs()).toISOString(), reason: 'Jongere weigert te komen' });
      expect(s).toMatchObject({ step: 'beoordeling', hoorgesprek: { refusedToCooperate: true, refusalGrounds: 'geweigerd' } });
      expect(s.hoorgesprek.invitations[0]).toMatchObject({ outcome: 'geweigerd', change: { by: 'jongere' } });
      expect(await eventually(() => topics(c.caseId), (ts) => ts.includes('hoorgesprek-geweigerd'))).toContain('hoorgesprek-geweigerd');
    }));

  test('a cancellation after the hour is refused: the outcome is recorded instead', () =>
    t.withWorker(async () => {
      const c = await atHoorgesprek();
      const planned = await inDays(1);
      await c.do('planHoorgesprek', { plannedFor: planned, withYouth: true, location: 'Stadskantoor' });
      await sleepUntil(t.env, planned, 3_600_000);
      const refused = await c.refusal('cancelHoorgesprek', { by: 'ouders', kind: 'afgezegd', receivedAt: new Date(await t.env.currentTimeMs()).toISOString(), reason: 'te laat' });
      expect(refused.details).toEqual([expect.objectContaining({ code: 'hoorgesprek.cancel-after' })]);
    }));

  test('a no-show is recorded on the day; after the second invitation a second no-show counts as refusal', () =>
    t.withWorker(async () => {
      const c = await atHoorgesprek();
      // Tomorrow 08:00 UTC (09:00 in Amsterdam), a hoorgesprek planned for 13:00 UTC the same day.
      const tomorrow = new Date((await t.env.currentTimeMs()) + DAY).toISOString().slice(0, 10);
      const morning = `${tomorrow}T08:00:00.000Z`;
      const afternoon = `${tomorrow}T13:00:00.000Z`;
      await c.do('planHoorgesprek', { plannedFor: afternoon, withYouth: true, location: 'Stadskantoor' });
      await sleepUntil(t.env, morning, 0);
      let s = await c.do('recordHoorgesprek', { outcome: 'niet-verschenen', summary: 'Ouders melden op de dag zelf dat ze niet komen' });
      expect(s.step).toBe('hoorgesprek');
      expect(s.hoorgesprek).toMatchObject({ refusedToCooperate: false, invitations: [expect.objectContaining({ outcome: 'niet-verschenen' })] });

      const second = await inDays(3);
      await c.do('planHoorgesprek', { plannedFor: second, withYouth: true, location: 'Stadskantoor' });
      await sleepUntil(t.env, second, 3_600_000);
      s = await c.do('recordHoorgesprek', { outcome: 'niet-verschenen', summary: 'Weer niemand' });
      expect(s).toMatchObject({ step: 'beoordeling', hoorgesprek: { refusedToCooperate: true, refusalGrounds: 'tweede-keer-niet-verschenen' } });
      expect(await eventually(() => invitations(c.caseId), (rows) => rows.length === 2)).toHaveLength(2);
    }));
});

/** Routes, their rules, and what follows them, with the real ZHZ periods (weeks). */
describe('case workflow: routes', () => {


  const caseFor = async (age: number, overrides = {}, youthId?: string) => {
    const id = youthId ?? (await seedYouth(t.prisma, bornYearsBefore(today(), age)));
    return CaseDriver.start(t.env.client, t.taskQueue, aSummary(overrides), id);
  };
  const topics = (caseId: string) => t.prisma.notification.findMany({ where: { caseId } }).then((ns) => ns.map((n) => n.topic));

  test('combined routes run side by side; the case waits for all, then monitors, then closes quietly', () =>
    t.withWorker(async () => {
      const c = await caseFor(14);
      await walkOnderzoek(t.env, c, 'route-keuze');
      let s = await c.do('chooseRoutes', { routes: ['waarschuwing', 'hulpverlening'], hulpverlening: { partner: 'Jeugdteam Dordrecht' } });
      expect(s).toMatchObject({ phase: 'routes', step: 'routes-lopend' });
      expect(s.routes.map((r) => [r.kind, r.status])).toEqual([['waarschuwing', 'lopend'], ['hulpverlening', 'lopend']]);

      await c.do('recordRouteStep', { route: 'hulpverlening', step: 'intake bij jeugdteam gepland' });
      s = await c.do('recordRouteOutcome', { route: 'waarschuwing', outcome: 'uitgereikt' });
      expect(s.phase).toBe('routes');
      s = await c.do('recordRouteOutcome', { route: 'hulpverlening', outcome: 'afgerond', note: 'traject afgerond' });
      expect(s).toMatchObject({ phase: 'monitoring', step: 'monitoring', duoStatus: 'in-behandeling' });

      await sleepUntil(t.env, s.monitoring!.until);
      const end = await c.finalState();
      expect(end).toMatchObject({ phase: 'afgesloten', duoStatus: 'afgesloten', closure: { reason: 'afgerond-na-route', by: 'system' } });
      const row = await t.prisma.case.findUniqueOrThrow({ where: { id: c.caseId } });
      expect(row).toMatchObject({ phase: 'afgesloten', closureReason: 'afgerond-na-route', duoStatus: 'afgesloten' });
    }));

  test('a new melding during monitoring reopens the onderzoek as recidive', () =>
    t.withWorker(async () => {
      const c = await caseFor(13);
      await walkOnderzoek(t.env, c, 'route-keuze');
      await c.do('chooseRoutes', { routes: ['waarschuwing'] });
      await c.do('recordRouteOutcome', { route: 'waarschuwing', outcome: 'uitgereikt' });
      await c.newMelding(aSummary({ meldingId: uniqueId('m-recidive') }));
      const s = await c.waitFor((x) => x.phase === 'onderzoek');
      expect(s.step).toBe('school-informatie');
      expect(s.meldingen.map((m) => m.recidive)).toEqual([false, true]);
      expect(s.monitoring).toBeUndefined();
      const requests = () => t.prisma.schoolRequest.count({ where: { caseId: c.caseId } });
      expect(await eventually(requests, (n) => n === 2)).toBe(2);
      expect(await eventually(() => topics(c.caseId), (ts) => ts.includes('nieuwe-melding'))).toContain('nieuwe-melding');
    }));

  test('Halt: every criterion is checked, with the reason; a failed Halt starts the proces-verbaal', () =>
    t.withWorker(async () => {
      const young = await caseFor(10);
      await walkOnderzoek(t.env, young, 'route-keuze');
      const tooYoung = await young.refusal('chooseRoutes', { routes: ['halt'], halt: { youthConsent: true, parentConsent: true } });
      expect(tooYoung.type).toBe('RuleViolation');
      expect(tooYoung.details.map((v: { code: string }) => v.code)).toEqual(['halt.age']);

      const c = await caseFor(14, { hoursAbsent: 24 });
      await walkOnderzoek(t.env, c, 'route-keuze');
      const noParents = await c.refusal('chooseRoutes', { routes: ['halt'], halt: { youthConsent: true } });
      expect(noParents.details.map((v: { code: string }) => v.code)).toEqual(['halt.parent-consent']);
      expect(noParents.message).toMatch(/parents' consent/);

      let s = await c.do('chooseRoutes', { routes: ['halt'], halt: { youthConsent: true, parentConsent: true } });
      expect(s.routes.map((r) => r.kind)).toEqual(['halt']);
      s = await c.do('recordRouteOutcome', { route: 'halt', outcome: 'mislukt', note: 'Taakstraf niet afgerond' });
      expect(s.phase).toBe('routes');
      expect(s.routes.map((r) => [r.kind, r.status])).toEqual([['halt', 'afgerond'], ['strafrechtelijk', 'lopend']]);
      expect(s.routes[1]!.details).toMatchObject({ against: ['jongere'], reason: 'halt-mislukt' });
      // Notifications are effects: they follow the decision's answer.
      expect(await eventually(() => topics(c.caseId), (t) => t.includes('halt-mislukt'))).toContain('halt-mislukt');
    }));

  test('Halt is refused after an earlier Halt referral for verzuim, and with too few hours', () =>
    t.withWorker(async () => {
      const youthId = await seedYouth(t.prisma, bornYearsBefore(today(), 15));
      const earlier = await caseFor(15, {}, youthId);
      await walkOnderzoek(t.env, earlier, 'route-keuze');
      await earlier.do('chooseRoutes', { routes: ['halt'], halt: { youthConsent: true, parentConsent: true } });
      await earlier.do('recordRouteOutcome', { route: 'halt', outcome: 'geslaagd' });
      await earlier.do('closeCase', { reason: 'afgerond-na-route' });

      const c = await caseFor(15, { hoursAbsent: 5 }, youthId);
      await walkOnderzoek(t.env, c, 'route-keuze');
      const refused = await c.refusal('chooseRoutes', { routes: ['halt'], halt: { youthConsent: true, parentConsent: true } });
      expect(refused.details.map((v: { code: string }) => v.code).sort()).toEqual(['halt.earlier-referral', 'halt.hours']);
    }));

  test('no penal route and no Halt for 18+ (Doorstroompunt)', () =>
    t.withWorker(async () => {
      const c = await caseFor(19, { kind: 'achttien-plus' });
      const s0 = await c.waitFor((x) => x.step === 'school-informatie');
      expect(s0.regime).toBe('achttien-plus');
      await walkOnderzoek(t.env, c, 'route-keuze');
      const refused = await c.refusal('chooseRoutes', { routes: ['strafrechtelijk', 'halt'], procesVerbaal: { against: ['jongere'] }, halt: { youthConsent: true } });
      expect(refused.details.map((v: { code: string }) => v.code)).toEqual(
        expect.arrayContaining(['route.penal-18plus', 'route.halt-18plus']),
      );
      const s = await c.do('chooseRoutes', { routes: ['hulpverlening'], hulpverlening: { partner: 'Doorstroompunt' } });
      expect(s.routes.map((r) => r.kind)).toEqual(['hulpverlening']);
    }));

  test('luxe verzuim: warning first is advice: refused without a reasoning, goes ahead with one (kept in state and audit)', () =>
    t.withWorker(async () => {
      const first = await caseFor(9, { kind: 'luxe', daysAbsent: 1, hoursAbsent: undefined, endDate: today() });
      await walkOnderzoek(t.env, first, 'route-keuze');
      const advised = await first.refusal('chooseRoutes', { routes: ['strafrechtelijk'], procesVerbaal: { against: ['ouders'] } });
      expect(advised.type).toBe('RuleViolation');
      expect(advised.details).toEqual([expect.objectContaining({ code: 'luxe.first-warning', severity: 'advise' })]);
      expect(advised.message).toMatch(/adviceReasoning/);

      const reasoning = 'Ouders waren vooraf door school gewaarschuwd en kozen bewust voor de vakantie.';
      const s = await first.do('chooseRoutes', { routes: ['strafrechtelijk'], procesVerbaal: { against: ['ouders'] }, adviceReasoning: reasoning });
      expect(s.routes[0]).toMatchObject({ kind: 'strafrechtelijk', details: { against: ['ouders'] } });
      expect(s.advicesOverruled).toEqual([expect.objectContaining({ action: 'chooseRoutes', codes: ['luxe.first-warning'], reasoning, version: s.version })]);
      const audit = await eventually(
        () => t.prisma.auditEntry.findFirst({ where: { caseId: first.caseId, action: 'chooseRoutes' } }),
        (e) => e !== null,
      );
      expect(audit!.reason).toContain(`tegen advies (luxe.first-warning): ${reasoning}`);

      const longer = await caseFor(9, { kind: 'luxe', daysAbsent: 4, hoursAbsent: undefined, endDate: today() });
      await walkOnderzoek(t.env, longer, 'route-keuze');
      const s2 = await longer.do('chooseRoutes', { routes: ['strafrechtelijk'], procesVerbaal: { against: ['ouders'] } });
      expect(s2.routes[0]).toMatchObject({ kind: 'strafrechtelijk', details: { against: ['ouders'] } });
      expect(s2.advicesOverruled).toBeUndefined();
    }));

  test('a rule of the law is not overruled by a reasoning (Halt age)', () =>
    t.withWorker(async () => {
      const c = await caseFor(10);
      await walkOnderzoek(t.env, c, 'route-keuze');
      const refused = await c.refusal('chooseRoutes', { routes: ['halt'], halt: { youthConsent: true, parentConsent: true }, adviceReasoning: 'toch proberen' });
      expect(refused.details).toEqual([expect.objectContaining({ code: 'halt.age', severity: 'refuse' })]);
    }));

  test('proces-verbaal: not against a youth under 12; a copy to the Raad when the parents were convicted before', () =>
    t.withWorker(async () => {
      const c = await caseFor(11);
      await walkOnderzoek(t.env, c, 'route-keuze');
      const refused = await c.refusal('chooseRoutes', { routes: ['strafrechtelijk'], procesVerbaal: { against: ['jongere'] } });
      expect(refused.details).toEqual([expect.objectContaining({ code: 'pv.youth-under-12' })]);
      await c.do('chooseRoutes', { routes: ['strafrechtelijk'], procesVerbaal: { against: ['ouders'], parentsConvictedBefore: true } });
      expect(await t.prisma.correspondence.count({ where: { caseId: c.caseId, kind: 'copy-to-raad' } })).toBe(1);
      const s = await c.do('recordRouteOutcome', { route: 'strafrechtelijk', outcome: 'strafbeschikking' });
      expect(s.phase).toBe('monitoring');
    }));

  test('wrong route steps are refused with the reason', () =>
    t.withWorker(async () => {
      const c = await caseFor(14);
      await walkOnderzoek(t.env, c, 'route-keuze');
      await c.do('chooseRoutes', { routes: ['civiel'], civiel: { channel: 'jeugdbeschermingstafel' } });
      expect(await c.refusal('recordRouteOutcome', { route: 'halt', outcome: 'geslaagd' })).toMatchObject({ type: 'PhaseConflict' });
      expect(await c.refusal('recordRouteOutcome', { route: 'civiel', outcome: 'geslaagd' })).toMatchObject({
        type: 'InvalidInput',
        details: [expect.objectContaining({ path: 'outcome' })],
      });
      expect(await c.refusal('chooseRoutes', { routes: ['civiel'], civiel: { channel: 'veilig-thuis' } })).toMatchObject({ type: 'PhaseConflict' });
      expect(await c.refusal('closeCase', { reason: 'terug-naar-school' })).toMatchObject({ type: 'RuleViolation' });
      const closed = await c.do('closeCase', { reason: 'verhuisd-buiten-regio', note: 'Verhuisd naar Groningen' });
      expect(closed).toMatchObject({ phase: 'afgesloten', closure: { reason: 'verhuisd-buiten-regio' } });
    }));
});

/** Huisbezoek on the case workflow, on the time-skipping server. */
describe('case workflow: huisbezoek', () => {
  const newCase = async () => {
    const youthId = await seedYouth(t.prisma, bornYearsBefore(today(), 14));
    return CaseDriver.start(t.env.client, t.taskQueue, aSummary(), youthId);
  };
  const notifications = (caseId: string) =>
    t.prisma.notification.findMany({ where: { caseId }, orderBy: { createdAt: 'asc' } }).then((ns) => ns.map((n) => `${n.recipientRole}:${n.topic}`));
  const nowIso = async () => new Date(await t.env.currentTimeMs()).toISOString();

  test('jongere niet traceerbaar: recorded, team lead and consultant told, the follow-up deadline is served by the timer loop', () =>
    t.withWorker(async () => {
      const c = await newCase();
      await walkOnderzoek(t.env, c, 'hoorgesprek');
      const s = await c.do('recordHuisbezoek', { visitedAt: await nowIso(), outcome: 'jongere-niet-traceerbaar', note: 'buren kennen het gezin niet' });
      expect(s.huisbezoeken).toEqual([expect.objectContaining({ outcome: 'jongere-niet-traceerbaar', followUp: true })]);
      const d = s.deadlines.find((x) => x.id === 'huisbezoek-opvolging')!;
      expect(d).toMatchObject({ kind: 'huisbezoek-opvolging', owner: 'consultant' });
      // No consultant or team lead is known for this gemeente here: the team inbox gets what is meant for them (nothing is addressed to nobody).
      // Both messages (the consultant's and the team lead's) are there.
      const told = await eventually(() => notifications(c.caseId), (ns) => ns.filter((n) => n === 'team:huisbezoek-opvolging').length === 2);
      expect(told.filter((n) => n === 'team:huisbezoek-opvolging')).toHaveLength(2);
      await sleepUntil(t.env, d.dueAt);
      const s1 = await c.waitFor((x) => x.deadlines.some((y) => y.id === 'huisbezoek-opvolging' && y.expired));
      expect(s1.missedDeadlines).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'huisbezoek-opvolging' })]));
    }));

  test('contact made needs no follow-up; invalid input and a visit in the future are refused', () =>
    t.withWorker(async () => {
      const c = await newCase();
      await walkOnderzoek(t.env, c, 'hoorgesprek');
      const s = await c.do('recordHuisbezoek', { visitedAt: await nowIso(), outcome: 'contact-gemaakt' });
      expect(s.huisbezoeken).toHaveLength(1);
      expect(s.deadlines.some((x) => x.id === 'huisbezoek-opvolging')).toBe(false);
      expect((await c.refusal('recordHuisbezoek', { visitedAt: await nowIso(), outcome: 'onbekend' })).type).toBe('InvalidInput');
      const future = new Date((await t.env.currentTimeMs()) + 3 * 86_400_000).toISOString();
      expect((await c.refusal('recordHuisbezoek', { visitedAt: future, outcome: 'niemand-thuis' })).type).toBe('RuleViolation');
      expect((await c.state()).huisbezoeken).toHaveLength(1);
    }));
});

/** Thuiszitter cases on the case workflow, on the time-skipping server. */
describe('case workflow: thuiszitter', () => {
  const dateOf = async (plusDays = 0) => new Date((await t.env.currentTimeMs()) + plusDays * 86_400_000).toISOString().slice(0, 10);
  const start = async (summary = aSummary()) => {
    const youthId = await seedYouth(t.prisma, bornYearsBefore(today(), 14));
    return CaseDriver.start(t.env.client, t.taskQueue, summary, youthId);
  };
  const projected = (caseId: string) => t.prisma.case.findUnique({ where: { id: caseId }, select: { thuiszitter: true, thuiszitterSince: true, thuiszitterUntil: true } });
  const review = async (goals: { description: string; dueOn: string }[] = []) => ({
    heldOn: await dateOf(),
    partners: [
      { partner: 'school', outcome: 'Maatwerkrooster: twee ochtenden' },
      { partner: 'samenwerkingsverband', outcome: 'Plaatsing in een bovenschoolse voorziening onderzocht' },
    ],
    withParents: true,
    withYouth: true,
    conclusion: 'Gedeeltelijk onderwijs is mogelijk',
    goals,
  });

  test('a langdurig-relatief melding is recognised at intake; the review deadline is kept; a review plans goals that the timers follow up', () =>
    t.withWorker(async () => {
      const c = await start(aSummary({ kind: 'langdurig-relatief', startDate: await dateOf(-35), endDate: await dateOf(-1), daysAbsent: 24 }));
      const s0 = await c.waitFor((s) => !!s.thuiszitter);
      expect(s0.thuiszitter).toMatchObject({ grounds: 'langdurig-relatief', setBy: 'afgeleid', since: await dateOf(-35) });
      expect(await eventually(() => projected(c.caseId), (p) => !!p?.thuiszitter)).toEqual({ thuiszitter: true, thuiszitterSince: await dateOf(-35), thuiszitterUntil: null });

      // The review is not held in time: the consultant is told, the team lead after the escalation term.
      const due = s0.deadlines.find((d) => d.id === 'thuiszitter-overleg')!;
      await sleepUntil(t.env, due.escalateAt!);
      const s1 = await c.waitFor((s) => s.deadlines.some((d) => d.id === 'thuiszitter-overleg' && d.escalated));
      expect(s1.missedDeadlines).toContainEqual({ kind: 'thuiszitter-overleg', dueAt: due.dueAt });
      expect(await eventually(() => notifications(c.caseId), (ns) => ns.includes('team:escalatie-termijn'))).toEqual(
        expect.arrayContaining(['team:thuiszitter', 'team:thuiszitter', 'team:termijn-verstreken', 'team:escalatie-termijn']),
      );

      // The review records a goal; its date passes without progress: expired, and the next review is planned.
      const s2 = await c.do('recordThuiszitterReview', await review([{ description: 'Twee ochtenden per week naar school', dueOn: await dateOf(14) }]));
      const goal = s2.deadlines.find((d) => d.id === 'thuiszitter-doel:doel-1')!;
      expect(s2.deadlines.find((d) => d.id === 'thuiszitter-overleg')!.expired).toBe(false);
      await sleepUntil(t.env, goal.dueAt);
      const s3 = await c.waitFor((s) => s.deadlines.some((d) => d.id === 'thuiszitter-doel:doel-1' && d.expired));
      expect(s3.missedDeadlines).toContainEqual({ kind: 'thuiszitter-doel', dueAt: goal.dueAt });
      const s4 = await c.do('recordGoalProgress', { goalId: 'doel-1', status: 'behaald', note: 'Gaat sinds deze week twee ochtenden' });
      expect(s4.deadlines.some((d) => d.id === 'thuiszitter-doel:doel-1')).toBe(false);

      // Back at school: the period ends; the projection shows its end.
      await c.do('endThuiszitter', { endedOn: await dateOf(), reason: 'gedeeltelijk-onderwijs' });
      expect(await eventually(() => projected(c.caseId), (p) => p?.thuiszitterUntil !== null)).toMatchObject({ thuiszitter: true, thuiszitterUntil: await dateOf() });
    }));

  test('the consultant marks a 16-uur case after four weeks at home; refusals reach the caller with their reason', () =>
    t.withWorker(async () => {
      const c = await start();
      await c.waitFor((s) => s.step === 'school-informatie');
      expect((await c.state()).thuiszitter).toBeUndefined();
      const tooShort = await c.refusal('markThuiszitter', { since: await dateOf(-10), grounds: 'vier-weken-afwezig' });
      expect(tooShort).toMatchObject({ type: 'RuleViolation', details: [expect.objectContaining({ code: 'thuiszitter.too-short' })] });
      expect((await c.refusal('recordThuiszitterReview', await review())).type).toBe('PhaseConflict');
      expect((await c.refusal('markThuiszitter', { since: 'gisteren', grounds: 'vier-weken-afwezig' })).type).toBe('InvalidInput');
      const s = await c.do('markThuiszitter', { since: await dateOf(-30), grounds: 'ziek-met-plan', note: 'Plan GGZ: halve dagen mogelijk' });
      expect(s.thuiszitter).toMatchObject({ grounds: 'ziek-met-plan', setBy: 'lpa-anna' });
      expect((await c.refusal('markThuiszitter', { since: await dateOf(-30), grounds: 'ziek-met-plan' })).type).toBe('PhaseConflict');
      // Closing the case ends the period.
      await c.do('closeCase', { reason: 'verhuisd-buiten-regio' });
      expect((await c.finalState()).thuiszitter).toMatchObject({ endReason: 'zaak-gesloten', until: await dateOf() });
    }));

  test('huisbezoek follow-up: the address check ends the follow-up deadline', () =>
    t.withWorker(async () => {
      const c = await start();
      await walkOnderzoek(t.env, c, 'hoorgesprek');
      await c.do('recordHuisbezoek', { visitedAt: new Date(await t.env.currentTimeMs()).toISOString(), outcome: 'adres-onjuist' });
      const s = await c.do('completeHuisbezoekFollowUp', { addressCheck: 'nieuw-adres-in-regio', partnersInformed: ['school', 'brp'] });
      expect(s.deadlines.some((d) => d.id === 'huisbezoek-opvolging')).toBe(false);
      expect(s.huisbezoeken![0]!.followUpDone).toMatchObject({ addressCheck: 'nieuw-adres-in-regio', by: 'lpa-anna' });
      expect((await c.refusal('completeHuisbezoekFollowUp', { addressCheck: 'adres-bevestigd' })).type).toBe('PhaseConflict');
    }));

  const notifications = (caseId: string) =>
    t.prisma.notification.findMany({ where: { caseId }, orderBy: { createdAt: 'asc' } }).then((ns) => ns.map((n) => `${n.recipientRole}:${n.topic}`));
});

/** Vroegsignalering: the early signal workflow on the time-skipping server, with the real activities. */
describe('early signal workflow', () => {
  let region: { gemeente: string; schoolBrin: string };
  beforeAll(async () => {
    // The test's own gemeente with an assignment rule: consultant lpa-anna, team lead tl-bert.
    region = await ownRegion(t);
  });

  const newSignal = async (concern: 'verzuim-onder-16-uur' | 'zorgwekkend-ziekteverzuim' = 'verzuim-onder-16-uur') => {
    const youthId = await seedYouth(t.prisma, bornYearsBefore(today(), 13));
    return SignalDriver.start(t.env.client, t.prisma, t.taskQueue, aSignalSummary({ concern, gemeente: region.gemeente, schoolBrin: region.schoolBrin }), youthId);
  };
  const notifications = (signalId: string) =>
    t.prisma.notification
      .findMany({ where: { caseId: signalId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] })
      .then((ns) => ns.map((n) => `${n.recipientRole}:${n.topic}:${n.recipientId}`));
  const row = (signalId: string) => t.prisma.earlySignal.findUniqueOrThrow({ where: { id: signalId } });
  const nowIso = async () => new Date(await t.env.currentTimeMs()).toISOString();
  const advice = async () => ({ kind: 'advies-aan-school', at: await nowIso(), summary: 'Mentor geadviseerd: gesprek met ouders over het verzuim op maandag' });

  test('advice, the follow-up deadline served by the timer loop, a follow-up, closed with an outcome and projected', () =>
    t.withWorker(async () => {
      const c = await newSignal();
      const s0 = await c.waitFor((x) => x.version >= 1);
      expect(s0).toMatchObject({ status: 'open', step: 'reactie', consultantId: consultant.id, teamLeadId: teamLead.id, signalId: c.signalId });
      expect(s0.deadlines.map((d) => d.kind)).toEqual(['signaal-reactie']);
      const projected = await eventually(() => row(c.signalId), (r) => r.version === 1);
      expect(projected).toMatchObject({ status: 'open', step: 'reactie', consultantId: consultant.id, nextDeadline: new Date(s0.deadlines[0]!.dueAt) });

      const s1 = await c.do('recordContact', await advice());
      expect(s1).toMatchObject({ step: 'opvolging', version: 2 });
      const d = s1.deadlines.find((x) => x.kind === 'signaal-opvolging')!;
      expect(s1.deadlines).toHaveLength(1);

      await sleepUntil(t.env, d.dueAt);
      const s2 = await c.waitFor((x) => x.deadlines.some((y) => y.kind === 'signaal-opvolging' && y.expired));
      expect(s2.missedDeadlines).toEqual([{ kind: 'signaal-opvolging', dueAt: d.dueAt }]);
      expect(await eventually(() => notifications(c.signalId), (ns) => ns.length >= 3)).toEqual([
        `consultant:nieuw-signaal:${consultant.id}`,
        `consultant:herinnering-termijn:${consultant.id}`,
        `consultant:termijn-verstreken:${consultant.id}`,
      ]);

      const s3 = await c.do('recordFollowUp', { result: 'onveranderd', summary: 'Nog steeds afwezig op maandag', extend: true });
      const extended = s3.deadlines.find((x) => x.kind === 'signaal-opvolging')!;
      expect(extended).toMatchObject({ expired: false, reminded: false });
      expect(extended.dueAt > d.dueAt).toBe(true);
      const s4 = await c.do('recordFollowUp', { result: 'verbeterd', summary: 'Geen verzuim meer sinds het gesprek' });
      expect(s4).toMatchObject({ status: 'open', step: 'opvolging', deadlines: [] });
      expect(s4.followUps.map((f) => [f.result, f.extended])).toEqual([['onveranderd', true], ['verbeterd', false]]);

      const s5 = await c.do('closeSignal', { outcome: 'verzuim-gestopt', note: 'Afgesloten na opvolging' });
      expect(s5).toMatchObject({ status: 'afgesloten', step: null, outcome: 'verzuim-gestopt' });
      const final = await c.completed();
      expect(final.version).toBe(s5.version);
      const closed = await eventually(() => row(c.signalId), (r) => r.version === final.version);
      expect(closed).toMatchObject({ status: 'afgesloten', step: null, outcome: 'verzuim-gestopt', caseId: null, nextDeadline: null, closedAt: new Date(final.closedAt!) });
      expect((closed.state as { contacts: unknown[] }).contacts).toHaveLength(1);
      const sa = (await c.handle.describe()).typedSearchAttributes;
      expect([sa.get(CasePhaseKey), sa.get(GemeenteKey), sa.get(NextDeadlineKey)]).toEqual(['afgesloten', region.gemeente, undefined]);
    }));

  test('refusals: phase conflict, broken rules and invalid input never enter the history; a move closes without contact', () =>
    t.withWorker(async () => {
      const c = await newSignal('zorgwekkend-ziekteverzuim');
      await c.waitFor((x) => x.version >= 1);
      const early = await c.refusal('recordFollowUp', { result: 'verbeterd', summary: 'x' });
      expect(early).toMatchObject({ type: 'PhaseConflict', details: [expect.objectContaining({ code: 'signal.step' })] });
      expect(await c.refusal('closeSignal', { outcome: 'geen-zorgen' })).toMatchObject({
        type: 'RuleViolation',
        details: [expect.objectContaining({ code: 'signal.no-contact' })],
      });
      const future = new Date((await t.env.currentTimeMs()) + 3 * 86_400_000).toISOString();
      expect(await c.refusal('recordContact', { ...(await advice()), at: future })).toMatchObject({
        type: 'RuleViolation',
        details: [expect.objectContaining({ code: 'signal.contact.future' })],
      });
      const invalid = await c.refusal('recordContact', { ...(await advice()), kind: 'huisbezoek' });
      expect(invalid.type).toBe('InvalidInput');
      expect(invalid.details).toEqual([expect.objectContaining({ path: 'kind' })]);
      expect((await c.refusal('escalate', { caseId: 'M-1', reason: 'zorgen' })).details).toEqual([expect.objectContaining({ path: 'caseId' })]);
      expect(await c.refusal('reassign', { consultantId: consultant.id })).toMatchObject({ type: 'RuleViolation', details: [expect.objectContaining({ code: 'assign.same' })] });
      expect(await c.state()).toMatchObject({ version: 1, contacts: [], step: 'reactie' });

      const bob: Actor = { id: 'lpa-bob', role: 'consultant' };
      expect((await c.do('reassign', { consultantId: bob.id }, teamLead)).consultantId).toBe(bob.id);
      expect(await eventually(() => notifications(c.signalId), (ns) => ns.some((n) => n.includes('toegewezen')))).toContain(`consultant:toegewezen:${bob.id}`);
      const s = await c.do('closeSignal', { outcome: 'verhuisd', note: 'Verhuisd naar een andere regio' }, bob);
      expect(s).toMatchObject({ status: 'afgesloten', outcome: 'verhuisd', contacts: [] });
      await c.completed();
      expect(await eventually(() => row(c.signalId), (r) => r.status === 'afgesloten')).toMatchObject({ outcome: 'verhuisd', consultantId: bob.id });
    }));

  test('no response: reminder, missed deadline, escalation to the team lead; a late contact still answers the signal', () =>
    t.withWorker(async () => {
      const c = await newSignal();
      const d = (await c.waitFor((x) => x.version >= 1)).deadlines[0]!;
      await sleepUntil(t.env, d.escalateAt!);
      const s = await c.waitFor((x) => x.deadlines[0]?.escalated === true);
      expect(s).toMatchObject({ status: 'open', step: 'reactie', missedDeadlines: [{ kind: 'signaal-reactie', dueAt: d.dueAt }] });
      expect(await eventually(() => notifications(c.signalId), (ns) => ns.length >= 4)).toEqual([
        `consultant:nieuw-signaal:${consultant.id}`,
        `consultant:herinnering-termijn:${consultant.id}`,
        `consultant:termijn-verstreken:${consultant.id}`,
        `teamlead:escalatie-termijn:${teamLead.id}`,
      ]);
      expect(s.recentChanges.map((x) => x.action)).toEqual(
        expect.arrayContaining(['start', 'timer:signaal-reactie-herinnering', 'timer:signaal-reactie-verstreken', 'timer:signaal-reactie-escalatie']),
      );
      expect(await eventually(() => row(c.signalId), (r) => r.version === s.version)).toMatchObject({ status: 'open', nextDeadline: new Date(d.dueAt) });
      const late = await c.do('recordContact', { ...(await advice()), kind: 'overleg-met-school' });
      expect(late.step).toBe('opvolging');
      expect(late.deadlines.map((x) => x.kind)).toEqual(['signaal-opvolging']);
    }));

  test('escalation by the consultant into the MAS case the API opened', () =>
    t.withWorker(async () => {
      const c = await newSignal();
      await c.waitFor((x) => x.version >= 1);
      await c.do('recordContact', { ...(await advice()), kind: 'contact-met-ouders' });
      const caseId = `case-${uniqueId('M')}`;
      const s = await c.do('escalate', { caseId, reason: 'Ouders werken niet mee, verzuim neemt toe' });
      expect(s).toMatchObject({ status: 'geescaleerd', step: null, deadlines: [], escalation: { caseId, by: 'consultant' } });
      await c.completed();
      const r = await eventually(() => row(c.signalId), (x) => x.status === 'geescaleerd');
      expect(r).toMatchObject({ status: 'geescaleerd', caseId, outcome: null, nextDeadline: null });
      expect(r.closedAt).not.toBeNull();
      expect(await eventually(() => notifications(c.signalId), (ns) => ns.length >= 2)).toContain(`consultant:signaal-geescaleerd:${consultant.id}`);
    }));

  test('a formal melding for the same youth escalates the signal; a malformed one is ignored', () =>
    t.withWorker(async () => {
      const c = await newSignal();
      await c.waitFor((x) => x.version >= 1);
      const meldingId = uniqueId('M');
      const caseId = `case-${meldingId}`;
      await c.formalMelding('not-a-case', meldingId);
      await c.formalMelding(caseId, meldingId);
      const s = await c.waitFor((x) => x.status !== 'open');
      expect(s).toMatchObject({ status: 'geescaleerd', version: 2, escalation: { caseId, meldingId, by: 'formele-melding' } });
      expect(s.recentChanges.map((x) => x.action)).toEqual(['start', 'signal:formalMelding']);
      await c.completed();
      expect(await eventually(() => row(c.signalId), (x) => x.version === 2)).toMatchObject({ status: 'geescaleerd', caseId });
      expect(await eventually(() => notifications(c.signalId), (ns) => ns.length >= 2)).toContain(`consultant:signaal-geescaleerd:${consultant.id}`);
    }));
});

/**
 * The e-mails of an information request on the time-skipping server, received by a real SMTP
 * server on loopback: the request, the reminder before the deadline, the one after it, then the
 * consultant is told, each exactly once. The links are answered through the API app in-process.
 */
describe('case workflow: e-mail to the school', () => {
  let app: ReturnType<typeof createApp>;

  beforeAll(() => {
    const config = parseConfig({ NODE_ENV: 'test', DATABASE_URL: stack().databaseUrl, OIDC_ISSUER: stack().issuer, OIDC_JWKS_URL: stack().jwksUrl });
    app = createApp({ prisma: t.prisma, client: t.env.client, config, log: createLogger('api', 'silent') });
  });

  /** A case whose melding (with the melder's e-mail address) is in PostgreSQL, as the API stores it. */
  const newCase = async () => {
    const youthId = await seedYouth(t.prisma, bornYearsBefore(today(), 14));
    const summary = aSummary();
    const email = `${uniqueId('verzuim')}@school.example`;
    const melding = aMelding({
      meldingId: summary.meldingId,
      reportDate: summary.reportDate,
      startDate: summary.startDate,
      endDate: summary.endDate,
      melder: { name: 'J. Jansen', function: 'verzuimcoördinator', email },
    });
    await t.prisma.melding.create({
      data: { id: summary.meldingId, youthId, caseId: caseWorkflowId(summary.meldingId), kind: 'zestien-uur', gemeente: 'GM0505', schoolBrin: '12AB', reportDate: summary.reportDate, payload: melding as unknown as Prisma.InputJsonValue, deliveredAt: new Date() },
    });
    const c = await CaseDriver.start(t.env.client, t.taskQueue, summary, youthId);
    const s = await c.waitFor((x) => x.step === 'school-informatie');
    return { c, s, email, deadline: s.deadlines.find((d) => d.kind === 'school-informatie')! };
  };
  const mailsTo = (email: string) => smtp.messages.filter((m) => m.to.includes(email));
  const subjects = (email: string) => mailsTo(email).map((m) => m.parsed.subject);
  const local = (url: string) => url.replace(BASE, '');
  const tokenOf = (url: string) => url.split('/').pop()!;
  const answer = (m: ReceivedMail, body: Record<string, unknown>) =>
    request(app).post(local(linksIn(m).answer!)).set('accept', 'application/json').send(body);

  test('the request: one e-mail to the melder, with a link to answer and a status link, stored only as hashes', () =>
    t.withWorker(async () => {
      const { s, email, c } = await newCase();
      const mail = await smtp.waitFor((m) => m.to.includes(email));
      expect(mail.parsed.from?.text).toBe('"Leerplicht ZHZ" <leerplicht@lvs.test>');
      expect(mail.parsed.subject).toMatch(/^Verzoek om verzuiminformatie \(melding m-/);
      expect(mail.parsed.text).toContain('Sem de Vries (klas 3B)');
      expect(mail.parsed.html).toContain('<html lang="nl">');
      const links = linksIn(mail);
      expect(links.answer).toMatch(new RegExp(`^${BASE}/school/requests/[A-Za-z0-9_-]{43}$`));
      expect(links.status).toMatch(new RegExp(`^${BASE}/school/status/[A-Za-z0-9_-]{43}$`));

      const stored = await t.prisma.schoolLink.findMany({ where: { emailKey: `${s.schoolRequest!.requestId}:request` }, orderBy: { kind: 'asc' } });
      expect(stored.map((l) => [l.kind, l.tokenHash])).toEqual([
        ['answer', hashLinkToken(tokenOf(links.answer!))],
        ['status', hashLinkToken(tokenOf(links.status!))],
      ]);
      // The answer link works until the deadline plus the grace period (14 days by default).
      expect(stored[0]!.expiresAt.toISOString()).toBe(new Date(new Date(s.schoolRequest!.dueAt).getTime() + 14 * DAY).toISOString());
      expect(stored[0]).toMatchObject({ requestId: s.schoolRequest!.requestId, caseId: c.caseId, schoolBrin: '12AB' });
      expect(await t.prisma.schoolRequest.findUniqueOrThrow({ where: { id: s.schoolRequest!.requestId } })).toMatchObject({ recipient: email, status: 'open' });
      expect(await t.prisma.emailMessage.findMany({ where: { caseId: c.caseId } })).toEqual([
        expect.objectContaining({ kind: 'school-request', status: 'sent', attempts: 1, recipient: email }),
      ]);
    }));

  test('unanswered: reminder 1 before the deadline, reminder 2 after it, then the consultant is told; each exactly once', () =>
    t.withWorker(async () => {
      const { c, s, email, deadline } = await newCase();
      const request1 = await smtp.waitFor((m) => m.to.includes(email));

      await sleepUntil(t.env, deadline.remindAt!);
      await smtp.waitFor((m) => m.to.includes(email) && /^Herinnering/.test(m.parsed.subject ?? ''));
      await c.waitFor((x) => x.schoolRequest!.remindersSent === 1);
      expect(subjects(email)).toHaveLength(2);

      await sleepUntil(t.env, deadline.secondRemindAt!);
      const reminder2 = await smtp.waitFor((m) => m.to.includes(email) && /^Tweede herinnering/.test(m.parsed.subject ?? ''));
      expect(reminder2.parsed.text).toContain('verstreken');

      await sleepUntil(t.env, deadline.escalateAt!);
      const escalated = await c.waitFor((x) => x.step === 'hoorgesprek');
      expect(escalated.schoolRequest!.escalatedAt).toBeDefined();
      const notes = await t.prisma.notification.findMany({ where: { caseId: c.caseId, topic: 'school-informatie-uitgebleven' } });
      expect(notes).toHaveLength(1);
      // No consultant or team lead is known for this gemeente here: the team inbox gets what is meant for them (nothing is addressed to nobody).
      expect(notes[0]).toMatchObject({ recipientRole: 'team' });

      // Exactly one of each, also after the escalation.
      expect(subjects(email).map((x) => x!.split(':')[0]!.split(' (')[0])).toEqual(['Verzoek om verzuiminformatie', 'Herinnering', 'Tweede herinnering']);
      const rows = await t.prisma.emailMessage.findMany({ where: { caseId: c.caseId }, orderBy: { createdAt: 'asc' } });
      expect(rows.map((r) => [r.kind, r.status, r.attempts])).toEqual([
        ['school-request', 'sent', 1],
        ['school-reminder-1', 'sent', 1],
        ['school-reminder-2', 'sent', 1],
      ]);

      // After the second reminder and the escalation, the links still work until they expire:
      // the first e-mail's link is open, and a late answer reaches the case.
      const opened = await request(app).get(local(linksIn(request1).answer!)).set('accept', 'application/json');
      expect(opened.status).toBe(200);
      expect(opened.body).toMatchObject({ answered: false, request: { requestId: s.schoolRequest!.requestId } });
      const late = await answer(reminder2, { contactPerson: 'J. Jansen', schoolActions: 'Thuisbezoek gedaan' });
      expect(late.status).toBe(200);
      const answered = await c.waitFor((x) => x.schoolRequest?.answeredAt !== undefined);
      expect(answered.schoolRequest!.answer).toMatchObject({ contactPerson: 'J. Jansen', schoolActions: 'Thuisbezoek gedaan', requestId: s.schoolRequest!.requestId });
      expect((await answer(request1, { contactPerson: 'J. Jansen' })).status).toBe(409);
    }));

  test('the school answers through the link: the case moves on at once and no reminder follows', () =>
    t.withWorker(async () => {
      const { c, email, deadline } = await newCase();
      const mail = await smtp.waitFor((m) => m.to.includes(email));
      const res = await request(app)
        .post(local(linksIn(mail).answer!))
        .type('form')
        .send({ 'week-0-start': '2026-10-19', 'week-0-hours': '6', lessonsMissed: '9', schoolActions: 'Gesprek met ouders', careSignals: '', contactPerson: 'J. Jansen' });
      expect(res.status).toBe(200);
      expect(res.text).toContain('Bedankt voor uw informatie');
      const s = await c.waitFor((x) => x.step === 'hoorgesprek');
      expect(s.schoolRequest!.answer).toMatchObject({ absencePerWeek: [{ weekStart: '2026-10-19', hoursAbsent: 6 }], lessonsMissed: 9 });
      // The school's signal names the school as the actor in the history.
      expect(s.lastActor).toEqual({ id: 'school-12AB', role: 'school' });
      await sleepUntil(t.env, deadline.escalateAt!);
      await c.waitFor((x) => x.step === 'hoorgesprek');
      expect(subjects(email)).toHaveLength(1);
    }));

  test('a send the mail server refuses for a moment is retried by Temporal, and arrives once', () =>
    t.withWorker(async () => {
      smtp.refuseNext(1, 451);
      const { c, email } = await newCase();
      await smtp.waitFor((m) => m.to.includes(email));
      const row = await t.prisma.emailMessage.findFirstOrThrow({ where: { caseId: c.caseId } });
      expect(row).toMatchObject({ status: 'sent', attempts: 2 });
      expect(mailsTo(email)).toHaveLength(1);
    }));
});
