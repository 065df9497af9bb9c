import type { Request, Response } from 'express';
import { toCsv, type CsvValue } from '../domain/audit/csv';

/** JSON unless the caller asks for CSV: `?format=csv`, or an Accept header that prefers text/csv. */
export function wantsCsv(req: Request, format: 'json' | 'csv' | undefined): boolean {
  if (format) return format === 'csv';
  return req.accepts(['application/json', 'text/csv']) === 'text/csv';
}

/** Answers with the JSON body, or with the table as a CSV download. */
export function sendTable<R extends Record<string, CsvValue>>(
  req: Request,
  res: Response,
  opts: { format?: 'json' | 'csv'; json: unknown; columns: readonly (keyof R & string)[]; rows: readonly R[]; filename: string },
): void {
  if (!wantsCsv(req, opts.format)) {
    res.json(opts.json);
    return;
  }
  res
    .status(200)
    .type('text/csv; charset=utf-8')
    .attachment(`${opts.filename}.csv`)
    .send(toCsv(opts.columns, opts.rows));
}
