import type { Actor } from '../../../domain/case/actor';
import { CasePhaseKey, GemeenteKey, NextDeadlineKey } from '../../../workflows/search-attributes';
import { ownRegion, teamLead } from '../../support/audit-scenarios';
import { consultant } from '../../support/case-driver';
import { eventually } from '../../support/eventually';
import { bornYearsBefore, seedYouth, today, uniqueId } from '../../support/fixtures';
import { aSignalSummary, SignalDriver } from '../../support/signal-driver';
import { sleepUntil } from '../../support/workflow-env';
import { t } from './shared-env';

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
