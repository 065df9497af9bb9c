import type { Actor } from '../case/actor';
import type { SchoolCalendar } from '../calendar-school-holidays';
import { adoptCalendar } from '../calendar-deadlines';
import type { SignalState } from './state';
import { recordSignalChange, type SignalTransition } from './transitions';

/** A newer school calendar for an open early signal: its pending deadlines are counted again (see receiveCalendar). */
export function receiveSignalCalendar(state: SignalState, calendar: SchoolCalendar, actor: Actor, now: Date): SignalTransition | null {
  if (state.status !== 'open') return null;
  const s = JSON.parse(JSON.stringify(state)) as SignalState;
  const change = adoptCalendar(s, calendar, now);
  if (!change) return null;
  s.version += 1;
  s.lastActor = actor;
  recordSignalChange(s, { action: 'signal:calendarChanged', at: now.toISOString(), actor, reason: `schoolvakanties ${calendar.region} r${calendar.revision}` });
  return { state: s, effects: [] };
}
