import type { SchoolCalendar } from '../calendar-school-holidays';
import { adoptCalendar } from '../calendar-deadlines';
import { duoStatusFor } from '../duo-status';
import type { Actor } from './actor';
import { recordChange } from './changes';
import type { Transition } from './intake';
import type { CaseState } from './state';

/**
 * The school calendar changed (the administrator saved school holidays) or reached a case that
 * started before cases had one: pending deadlines are counted again under it. Null when it is
 * not for this case or not newer than what the case has.
 */
export function receiveCalendar(state: CaseState, calendar: SchoolCalendar, actor: Actor, now: Date): Transition | null {
  if (state.phase === 'afgesloten') return null;
  const s = JSON.parse(JSON.stringify(state)) as CaseState;
  const change = adoptCalendar(s, calendar, now);
  if (!change) return null;
  s.version += 1;
  s.duoStatus = duoStatusFor(s.phase, s.closure?.reason);
  s.lastActor = actor;
  const moved = change.moved.map((m) => `${m.id} ${m.from.slice(0, 10)} -> ${m.to.slice(0, 10)}`).join(', ');
  recordChange(s, { action: 'signal:calendarChanged', at: now.toISOString(), actor, reason: `schoolvakanties ${calendar.region} r${calendar.revision}${moved ? `: ${moved}` : ''}` });
  return { state: s, effects: [] };
}
