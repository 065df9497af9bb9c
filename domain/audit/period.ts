import { z } from 'zod';
import { IsoDate } from '../dates';

/**
 * A reporting period: two calendar dates, both included. Instants (when a case opened, a route
 * started) count by their date in Dutch local time, so a case opened at 00:30 on 1 January is in
 * the new year although it is still 31 December in UTC.
 */
export const ReportPeriod = z
  .object({ from: IsoDate, to: IsoDate })
  .refine((p) => p.from <= p.to, { path: ['to'], message: 'to must be on or after from' });
export type ReportPeriod = z.infer<typeof ReportPeriod>;

const AMSTERDAM = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The calendar date of an instant in the Netherlands. */
export function dutchDateOf(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`not an instant: '${iso}'`);
  return AMSTERDAM.format(ms);
}

export const dateInPeriod = (date: string, p: ReportPeriod) => date >= p.from && date <= p.to;
export const instantInPeriod = (iso: string | null | undefined, p: ReportPeriod) => !!iso && dateInPeriod(dutchDateOf(iso), p);

/**
 * UTC bounds that surely contain the period (a day wider on each side), for a database query;
 * the exact filter is instantInPeriod on the rows it returns.
 */
export function queryBounds(p: ReportPeriod): { gte: Date; lt: Date } {
  const day = 86_400_000;
  return { gte: new Date(Date.parse(`${p.from}T00:00:00Z`) - day), lt: new Date(Date.parse(`${p.to}T00:00:00Z`) + 2 * day) };
}
