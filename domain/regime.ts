import { z } from 'zod';
import { ageOn } from './dates';

export const Regime = z.enum(['niet-leerplichtig', 'leerplichtig', 'kwalificatieplichtig', 'achttien-plus', 'buiten-doelgroep']);
export type Regime = z.infer<typeof Regime>;

/** The school year runs from 1 August to 31 July; '2025-2026' starts on 2025-08-01. */
export function schoolYearOf(date: string): string {
  const [y, m] = date.split('-').map(Number) as [number, number];
  const start = m >= 8 ? y : y - 1;
  return `${start}-${start + 1}`;
}

function birthday(dateOfBirth: string, age: number): string {
  const [y, m, d] = dateOfBirth.split('-') as [string, string, string];
  return `${Number(y) + age}-${m}-${d}`;
}

/** Leerplicht starts on the first day of the month after the 5th birthday (Leerplichtwet art. 3). */
export function leerplichtStart(dateOfBirth: string): string {
  const [y, m] = birthday(dateOfBirth, 5).split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
}

/** Leerplicht ends at the end of the school year in which the youth turns 16 (art. 4a), or after 12 full school years. */
export function leerplichtEnd(dateOfBirth: string): string {
  const sixteenth = birthday(dateOfBirth, 16);
  const endYear = Number(schoolYearOf(sixteenth).split('-')[1]);
  return `${endYear}-07-31`;
}

/** Which regime covers the youth on a date. */
export function regimeOn(input: {
  dateOfBirth: string;
  on: string;
  hasStartkwalificatie?: boolean;
  fullSchoolYearsCompleted?: number;
}): Regime {
  const { dateOfBirth, on } = input;
  if (on < leerplichtStart(dateOfBirth)) return 'niet-leerplichtig';
  const age = ageOn(dateOfBirth, on);
  if (age >= 23) return 'buiten-doelgroep';
  if (age >= 18) return 'achttien-plus';
  const twelveYearsDone = (input.fullSchoolYearsCompleted ?? 0) >= 12;
  if (on <= leerplichtEnd(dateOfBirth) && !twelveYearsDone) return 'leerplichtig';
  return input.hasStartkwalificatie ? 'buiten-doelgroep' : 'kwalificatieplichtig';
}
