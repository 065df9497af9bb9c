/** Dates as Dutch readers expect them, in the e-mails and pages for schools. */

const DATE = new Intl.DateTimeFormat('nl-NL', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const DAY_IN_AMSTERDAM = new Intl.DateTimeFormat('nl-NL', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Amsterdam' });
const TIME_IN_AMSTERDAM = new Intl.DateTimeFormat('nl-NL', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Amsterdam' });

/** A calendar date 'YYYY-MM-DD': "maandag 2 november 2026". */
export function formatDate(isoDate: string): string {
  return DATE.format(new Date(`${isoDate.slice(0, 10)}T00:00:00Z`));
}

/** An instant as the day in Amsterdam: "vrijdag 27 november 2026". */
export function formatDay(instant: string | Date): string {
  return DAY_IN_AMSTERDAM.format(new Date(instant));
}

/** An instant in Amsterdam with the time: "vrijdag 27 november 2026 om 17:00". */
export function formatDeadline(instant: string | Date): string {
  const d = new Date(instant);
  return `${DAY_IN_AMSTERDAM.format(d)} om ${TIME_IN_AMSTERDAM.format(d)}`;
}
