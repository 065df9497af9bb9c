import type { Actor } from '../../domain/case/actor';
import { openCase } from '../../domain/case/intake';
import { receiveSchoolInformation } from '../../domain/case/transitions';
import { runAction } from '../../domain/actions/run-case';
import { availableActions } from '../../web/pages/case';
import { intakeFacts } from '../support/intake-facts';

/** The case page offers the forms the current step allows, derived from the registry's checks. */
const lpa: Actor = { id: 'lpa-anna', role: 'consultant' };
const MONDAY = new Date('2026-11-02T08:00:00Z');
const names = (s: Parameters<typeof availableActions>[0], role = 'consultant', now = MONDAY) => availableActions(s, role, now).map((a) => a.name);

describe('the actions a case page offers', () => {
  test('while the school is asked: no hoorgesprek outcome, no route steps, no reassigning for a consultant', () => {
    const { state } = openCase(intakeFacts(), MONDAY);
    expect(state.step).toBe('school-informatie');
    const offered = names(state);
    expect(offered).toEqual(expect.arrayContaining(['closeCase', 'recordHuisbezoek', 'schoolInformationReceived']));
    expect(offered).not.toEqual(expect.arrayContaining(['recordHoorgesprek']));
    expect(offered).not.toContain('recordRouteStep');
    expect(offered).not.toContain('recordRouteOutcome');
    expect(offered).not.toContain('recordJudgement');
    expect(offered).not.toContain('reassign');
    expect(names(state, 'teamlead')).toContain('reassign');
    expect(names(state, 'management')).toEqual([]);
  });

  test('after the school answered: planning the hoorgesprek; once a route runs, its step and outcome', () => {
    const opened = openCase(intakeFacts(), MONDAY).state;
    const answered = receiveSchoolInformation(opened, { contactPerson: 'J', absencePerWeek: [], schoolActions: '', careSignals: '' }, { id: 'school', role: 'school' }, MONDAY)!.state;
    expect(names(answered)).toContain('planHoorgesprek');
    const planned = runAction('planHoorgesprek', answered, { plannedFor: '2026-11-02T07:00:00Z', withYouth: true, withParents: true, location: 'Stadskantoor' }, lpa, MONDAY).state;
    expect(names(planned)).toEqual(expect.arrayContaining(['recordHoorgesprek']));
    expect(names(planned)).not.toContain('planHoorgesprek');
    const heard = runAction('recordHoorgesprek', planned, { outcome: 'gehouden', youthHeard: true, summary: 'x' }, lpa, MONDAY).state;
    const judged = runAction('recordJudgement', heard, { verdict: 'ongeoorloofd', reasoning: 'x', helpInvolved: [], helpNeeded: [] }, lpa, MONDAY).state;
    expect(names(judged)).toContain('chooseRoutes');
    expect(names(judged)).not.toContain('recordRouteOutcome');
    const routed = runAction('chooseRoutes', judged, { routes: ['waarschuwing'] }, lpa, MONDAY).state;
    expect(names(routed)).toEqual(expect.arrayContaining(['recordRouteStep', 'recordRouteOutcome']));
    const closed = runAction('closeCase', runAction('recordRouteOutcome', routed, { route: 'waarschuwing', outcome: 'uitgereikt' }, lpa, MONDAY).state, { reason: 'afgerond-na-route' }, lpa, MONDAY).state;
    expect(names(closed)).toEqual([]);
  });
});
