import type { Holiday } from '../domain/calendar';

/**
 * A region's own days off as the administrator types them: one per line, `2027-05-14 Studiedag` or
 * `2027-05-14 t/m 2027-05-15 Brugdag`; the description is optional. The dates are not checked
 * here: the API's schema checks them and its field messages name the line (`holidays.<i>.from`).
 */
export const DEFAULT_DAY_OFF_NAME = 'Vrije dag';

export function parseHolidayLines(text: string): Holiday[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .map((line) => {
      const m = /^(\S+)(?:\s+(?:t\/m|tot en met|-)\s+(\S+))?(?:\s+(.*))?$/.exec(line)!;
      return { from: m[1]!, to: m[2] ?? m[1]!, name: m[3]?.trim() || DEFAULT_DAY_OFF_NAME };
    });
}

export function holidayLines(holidays: readonly Holiday[]): string {
  return holidays.map((h) => `${h.from}${h.to !== h.from ? ` t/m ${h.to}` : ''}${h.name && h.name !== DEFAULT_DAY_OFF_NAME ? ` ${h.name}` : ''}`).join('\n');
}
