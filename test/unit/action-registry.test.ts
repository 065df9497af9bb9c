import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ADVICE_REASONING_FIELD, CASE_ACTIONS, CASE_SIGNALS, EARLY_SIGNAL_SIGNALS, judge, severityOf, SIGNAL_ACTIONS } from '../../domain/actions';
import { PERMISSIONS } from '../../domain/access-policy';
import { caseSignals, caseUpdates } from '../../workflows/messages';
import { formalMeldingSignal, signalUpdates } from '../../workflows/signal-messages';
import { calendarChangedSignal } from '../../workflows/calendar-messages';
import { ROUTE_PERMISSIONS } from '../../api/auth/route-permissions';
import { checkAction, runAction } from '../../domain/actions/run-case';
import { openCase } from '../../domain/case/intake';
import type { CaseState } from '../../domain/case/state';
import { RegionPolicySchema, ZHZ_POLICY } from '../../domain/policy';
import { intakeFacts } from '../support/intake-facts';

/** The action registry (domain/actions): every action declared once, everything else derived from it. */
const histories = join(__dirname, '..', 'fixtures', 'histories');

describe('action registry', () => {
  test('the update and signal names of the recorded histories are all still declared (running cases keep working)', () => {
    const names = new Set<string>();
    for (const f of readdirSync(histories)) {
      const text = readFileSync(join(histories, f), 'utf8');
      for (const m of text.matchAll(/"(workflowExecutionSignaledEventAttributes|workflowExecutionUpdateAcceptedEventAttributes)"[\s\S]*?"(?:signalName|name)":\s*"([A-Za-z]+)"/g)) names.add(m[2]!);
    }
    expect(names.size).toBeGreaterThan(5);
    // Reference data (the school calendar) is no action of the registry but a signal all the same.
    const referenceData = [calendarChangedSignal.name];
    const declared = new Set([...Object.keys(CASE_ACTIONS), ...Object.keys(CASE_SIGNALS), ...Object.keys(SIGNAL_ACTIONS), ...Object.keys(EARLY_SIGNAL_SIGNALS), ...referenceData]);
    expect([...names].filter((n) => !declared.has(n))).toEqual([]);
  });

  test('the Temporal definitions carry the registry names', () => {
    for (const [name, def] of Object.entries(caseUpdates)) expect(def.name).toBe(name);
    for (const [name, def] of Object.entries(signalUpdates)) expect(def.name).toBe(name);
    for (const [name, def] of Object.entries(caseSignals)) expect(def.name).toBe(name);
    expect(formalMeldingSignal.name).toBe('formalMeldingReceived');
    expect(Object.keys(caseUpdates).sort()).toEqual(Object.keys(CASE_ACTIONS).sort());
  });

  test('each entry is complete: a permission the access policy knows, a summary, a unique path', () => {
    const all = [
      ...Object.values(CASE_ACTIONS).map((a) => ({ ...a, base: 'case' })),
      ...Object.values(CASE_SIGNALS).map((a) => ({ ...a, base: 'case' })),
      ...Object.values(SIGNAL_ACTIONS).map((a) => ({ ...a, base: 'signal' })),
    ];
    const paths = all.flatMap((a) => ('http' in a && a.http ? [`${a.base}:${a.http.path}`] : []));
    expect(new Set(paths).size).toBe(paths.length);
    for (const a of all) {
      expect(a.summary.length).toBeGreaterThan(10);
      if ('http' in a && a.http) expect(Object.keys(PERMISSIONS)).toContain((a as { permission?: string }).permission);
    }
  });

  test('an action with an advised rule takes the reasoning to go ahead in its input', () => {
    for (const [name, a] of Object.entries({ ...CASE_ACTIONS, ...SIGNAL_ACTIONS })) {
      if (!a.rules.some((r) => r.severity === 'advise')) continue;
      const shape = (a.input as unknown as z.ZodObject).shape;
      expect({ name, has: ADVICE_REASONING_FIELD in shape }).toEqual({ name, has: true });
    }
  });

  test('the permission table takes each action route from the registry', () => {
    const replan = ROUTE_PERMISSIONS.find((p) => p.path === '/api/cases/:caseId/hoorgesprek/replan');
    expect(replan).toMatchObject({ method: 'POST', permission: 'case:act', scope: 'case', personalData: true, activity: 'zaak-hoorgesprek-replan' });
    expect(ROUTE_PERMISSIONS.find((p) => p.path === '/api/cases/:caseId/reassign')?.permission).toBe('case:reassign');
    expect(ROUTE_PERMISSIONS.find((p) => p.path === '/api/signals/:signalId/escalate')?.activity).toBe('signaal-escaleren');
  });
});

describe('rule severity', () => {
  const rules = CASE_ACTIONS.chooseRoutes.rules;
  const luxe = { ok: false as const, kind: 'rule-violation' as const, violations: [{ code: 'luxe.first-warning', message: 'warning first' }] };
  const halt = { ok: false as const, kind: 'rule-violation' as const, violations: [{ code: 'halt.age', message: 'Halt 12-18' }] };

  test('law refuses, policy and method advise; a code the registry does not know refuses', () => {
    expect(severityOf('luxe.first-warning', rules)).toBe('advise');
    expect(severityOf('halt.age', rules)).toBe('refuse');
    expect(severityOf('halt.earlier-referral', rules)).toBe('refuse');
    expect(severityOf('route.penal-18plus', rules)).toBe('refuse');
    expect(severityOf('something.new', rules)).toBe('refuse');
  });

  test('advice without a reasoning refuses and says how to go ahead; with a reasoning it goes ahead', () => {
    const refused = judge(luxe, {}, rules);
    expect(refused).toMatchObject({ ok: false, kind: 'rule-violation', violations: [{ code: 'luxe.first-warning', severity: 'advise' }] });
    expect(refused.ok === false && refused.violations[0]!.message).toMatch(/adviceReasoning/);
    expect(judge(luxe, { adviceReasoning: 'ouders eerder gewaarschuwd door school' }, rules)).toEqual({
      ok: true,
      advised: [{ code: 'luxe.first-warning', message: 'warning first', severity: 'advise' }],
    });
  });

  test('a reasoning never overrules the law', () => {
    expect(judge(halt, { adviceReasoning: 'toch' }, rules)).toMatchObject({ ok: false, violations: [{ code: 'halt.age', severity: 'refuse' }] });
    expect(judge({ ...luxe, violations: [...luxe.violations, ...halt.violations] }, { adviceReasoning: 'toch' }, rules)).toMatchObject({ ok: false });
  });

  test("a region's policy makes advice refuse, never law advise", () => {
    expect(severityOf('luxe.first-warning', rules, ['luxe.first-warning'])).toBe('refuse');
    expect(judge(luxe, { adviceReasoning: 'x' }, rules, ['luxe.first-warning'])).toMatchObject({ ok: false, violations: [{ severity: 'refuse' }] });
  });
});

describe('rule severity in the case transitions (checkAction, runAction)', () => {
  const MONDAY = new Date('2026-11-02T09:00:00Z');
  const lpa = { id: 'lpa-anna', role: 'consultant' as const };
  /** A first luxe verzuim of one day, judged ongeoorloofd: the routes are next. */
  const atRouteChoice = (policy = ZHZ_POLICY): CaseState => {
    const melding = { meldingId: 'M1', kind: 'luxe', gemeente: 'GM0505', reportDate: '2026-10-30', startDate: '2026-10-29', endDate: '2026-10-29', daysAbsent: 1, schoolBrin: '12AB' };
    const s = openCase(intakeFacts({ melding, policy }), MONDAY).state;
    return { ...s, phase: 'routes', step: 'route-keuze' };
  };
  const pv = { routes: ['strafrechtelijk' as const], procesVerbaal: { against: ['ouders' as const], parentsConvictedBefore: false } };

  test('advice refuses without a reasoning and goes ahead with one; the state and the audit keep the reasoning', () => {
    const s = atRouteChoice();
    expect(checkAction('chooseRoutes', s, pv, MONDAY)).toMatchObject({ ok: false, kind: 'rule-violation', violations: [{ code: 'luxe.first-warning', severity: 'advise' }] });
    const input = { ...pv, adviceReasoning: 'Ouders waren gewaarschuwd' };
    expect(checkAction('chooseRoutes', s, input, MONDAY)).toEqual({ ok: true });
    const next = runAction('chooseRoutes', s, input, lpa, MONDAY).state;
    expect(next.advicesOverruled).toEqual([{ version: next.version, action: 'chooseRoutes', codes: ['luxe.first-warning'], reasoning: 'Ouders waren gewaarschuwd', at: MONDAY.toISOString(), by: 'lpa-anna' }]);
    expect(next.recentChanges!.at(-1)!.reason).toBe('tegen advies (luxe.first-warning): Ouders waren gewaarschuwd');
  });

  test("a region whose policy makes 'warning first' strict refuses it, reasoning or not", () => {
    const strict = RegionPolicySchema.parse({ ...ZHZ_POLICY, stricterRules: ['luxe.first-warning'] });
    expect(checkAction('chooseRoutes', atRouteChoice(strict), { ...pv, adviceReasoning: 'toch' }, MONDAY)).toMatchObject({
      ok: false,
      violations: [{ code: 'luxe.first-warning', severity: 'refuse' }],
    });
  });
});
