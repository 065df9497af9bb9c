import { CaseDriver } from '../../support/case-driver';
import { eventually } from '../../support/eventually';
import { aSummary, bornYearsBefore, seedYouth, today, uniqueId } from '../../support/fixtures';
import { sleepUntil, walkOnderzoek } from '../../support/workflow-env';
import { t } from './shared-env';

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
