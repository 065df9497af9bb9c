import { z } from 'zod';
import { lazySchema } from './lazy-schema';
import { ageOn, birthdayAt } from './dates';

/**
 * Who is covered on a date. 'achttien-plus': 18 up to 23 without a startkwalificatie, supported
 * by the Doorstroompunt (formerly RMC) but under no obligation, so no penal route.
 */
export const Regime = lazySchema(() => z.enum(['niet-leerplichtig', 'leerplichtig', 'kwalificatieplichtig', 'achttien-plus', 'buiten-doelgroep']));
export type Regime = z.infer<typeof Regime>;

/** The Doorstroompunt's age limit (the law is to raise it to 27: then only this changes). */
export const DOORSTROOMPUNT_AGE_LIMIT = 23;

/** The school year runs from 1 August to 31 July (Leerplichtwet art. 1); '2025-2026' starts on 2025-08-01. */
export function schoolYearOf(date: string): string {
  const [y, m] = date.split('-').map(Number) as [number, number];
  const start = m >= 8 ? y : y - 1;
  return `${start}-${start + 1}`;
}

/**
 * Leerplicht starts in the month after the one in which the child turns 5 (art. 3). The law
 * says the first school day of that month; we use the 1st, as schools' days differ.
 */
export function leerplichtStart(dateOfBirth: string): string {
  const [y, m] = birthdayAt(dateOfBirth, 5).split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
}

/** Leerplicht ends on 31 July of the school year in which the youth turns 16 (art. 4a), unless 12 full school years end it earlier. */
export function leerplichtEnd(dateOfBirth: string): string {
  const endYear = Number(schoolYearOf(birthdayAt(dateOfBirth, 16)).split('-')[1]);
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
  if (age >= DOORSTROOMPUNT_AGE_LIMIT) return 'buiten-doelgroep';
  // With a startkwalificatie (havo, vwo, mbo-2+) the Doorstroompunt has no task either.
  if (age >= 18) return input.hasStartkwalificatie ? 'buiten-doelgroep' : 'achttien-plus';
  const twelveYearsDone = (input.fullSchoolYearsCompleted ?? 0) >= 12;
  if (on <= leerplichtEnd(dateOfBirth) && !twelveYearsDone) return 'leerplichtig';
  // Kwalificatieplicht runs from the end of leerplicht until 18 or a startkwalificatie (art. 4a).
  return input.hasStartkwalificatie ? 'buiten-doelgroep' : 'kwalificatieplichtig';
}
