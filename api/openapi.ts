import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { MeldingSchema } from '../domain/melding';
import { CASE_ACTION_ROUTES, CASE_FACT_ROUTES } from './routes/case-actions';
import { CaseQuery } from './routes/cases';
import { AssignmentRulesInput, PolicyInput } from './routes/configuration';
import { SchoolHolidayRegionParams, SchoolYearParams } from './routes/school-holidays';
import { SchoolHolidaysInput } from '../domain/calendar-school-holidays';
import { AuditEntriesQuery } from './routes/audit-entries';
import { HistoryQuery } from './routes/case-history';
import { DuoFeedbackExportInput, DuoFeedbackQuery } from './routes/duo-feedback';
import { REPORTS } from './routes/reports';
import { SIGNAL_ACTION_ROUTES, SignalId, SignalQuery } from './routes/signals';
import { EarlySignalReport, EscalateRequest } from '../domain/signal/report';
import { RegisterVrijstellingInput } from './routes/vrijstellingen';

const ErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    violations: z.array(z.object({ code: z.string(), message: z.string() })).optional(),
  }),
});

const json = (schema: z.ZodType, description: string) => ({ description, content: { 'application/json': { schema } } });
const errors = {
  400: json(ErrorBody, 'Invalid input, with one message per field'),
  401: json(ErrorBody, 'No or invalid actor'),
  404: json(ErrorBody, 'Unknown case'),
};
const caseParams = z.object({ caseId: z.string().regex(/^case-[A-Za-z0-9_-]{1,64}$/) });

/** The OpenAPI document, generated from the same zod schemas that validate the requests. */
export function buildOpenApi(): object {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });

  registry.registerPath({
    method: 'post',
    path: '/api/meldingen',
    summary: 'Register a verzuimmelding: opens a case or attaches it to the open case of the youth',
    request: { body: json(MeldingSchema, 'The melding as the school reports it') },
    responses: {
      201: json(z.object({ caseId: z.string(), meldingId: z.string(), outcome: z.enum(['new-case', 'attached']) }), 'Registered'),
      200: json(z.object({ caseId: z.string(), meldingId: z.string(), outcome: z.literal('already-registered') }), 'Registered before: the same case'),
      400: errors[400],
      401: errors[401],
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/cases',
    summary: 'The work queue: cases ordered by next deadline',
    request: { query: CaseQuery },
    responses: { 200: { description: 'A page of cases' }, 400: errors[400], 401: errors[401] },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/cases/{caseId}',
    summary: 'One case with its live workflow state',
    request: { params: caseParams },
    responses: { 200: { description: 'The case' }, 404: errors[404] },
  });
  for (const a of CASE_ACTION_ROUTES) {
    registry.registerPath({
      method: 'post',
      path: `/api/cases/{caseId}/${a.path}`,
      summary: a.summary,
      request: { params: caseParams, body: json(a.schema, a.summary) },
      responses: {
        200: { description: 'The new case state' },
        ...errors,
        409: json(ErrorBody, 'The step does not fit the phase of the case'),
        422: json(ErrorBody, 'A rule of the Leerplichtwet or the MAS refuses the step'),
      },
    });
  }
  for (const f of CASE_FACT_ROUTES) {
    registry.registerPath({
      method: 'post',
      path: `/api/cases/{caseId}/${f.path}`,
      summary: f.summary,
      request: { params: caseParams, body: json(f.schema, f.summary) },
      responses: { 202: { description: 'Delivered to the case' }, ...errors, 409: json(ErrorBody, 'The case is closed') },
    });
  }
  registry.registerPath({
    method: 'post',
    path: '/api/vrijstellingen',
    summary: 'Record a vrijstelling in the register (intake puts it before the consultant)',
    request: { body: json(RegisterVrijstellingInput, 'The youth and the vrijstelling') },
    responses: { 201: { description: 'Recorded' }, 400: errors[400], 401: errors[401] },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/youth/{youthId}/vrijstellingen',
    summary: "A youth's vrijstellingen",
    request: { params: z.object({ youthId: z.uuid() }) },
    responses: { 200: { description: 'The vrijstellingen' }, 404: errors[404] },
  });
  registry.registerPath({
    method: 'put',
    path: '/api/assignment-rules',
    summary: 'Replace the rules that assign new cases to consultants (per school or gemeente)',
    request: { body: json(AssignmentRulesInput, 'The whole rule set') },
    responses: { 200: { description: 'Saved' }, 400: errors[400], 422: json(ErrorBody, 'Two rules for one school or gemeente') },
  });
  registry.registerPath({
    method: 'put',
    path: '/api/policies/{regionId}',
    summary: "Save a region's policy (deadlines, periods, holidays) and its gemeenten; new cases use it",
    request: { params: z.object({ regionId: z.string() }), body: json(PolicyInput, 'The policy') },
    responses: { 200: { description: 'Saved' }, 400: errors[400], 409: json(ErrorBody, 'A gemeente belongs to another region') },
  });
  registerSchoolHolidayPaths(registry);
  registerAuditPaths(registry);
  registerSignalPaths(registry);
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: { title: 'Verzuimregie API', version: '0.1.0', description: 'Case handling for leerplicht teams (MAS)' },
    security: [{ bearer: [] }],
  });
}

/** The calendar (issue 14): school holidays per holiday region and school year. */
function registerSchoolHolidayPaths(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: 'get',
    path: '/api/school-holidays',
    summary: 'Every holiday region with its school years, how far they are known, and a warning when that is less than a year ahead',
    responses: { 200: { description: 'The regions' } },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/school-holidays/{region}',
    summary: "One holiday region's school years and coverage",
    request: { params: SchoolHolidayRegionParams },
    responses: { 200: { description: 'The region' }, 400: errors[400], 404: errors[404] },
  });
  registry.registerPath({
    method: 'put',
    path: '/api/school-holidays/{region}/{schoolYear}',
    summary: "Replace a school year's holidays of a region (noord, midden, zuid or a region of its own); running cases count their pending deadlines again",
    request: { params: SchoolYearParams, body: json(SchoolHolidaysInput, 'The holidays of the school year (1 August to 31 July; the zomervakantie may end by 15 September)') },
    responses: {
      200: { description: 'Saved, with the region coverage' },
      400: errors[400],
      409: json(ErrorBody, 'Overlaps a holiday of a neighbouring school year'),
      422: json(ErrorBody, 'A holiday outside the school year, too long, or two overlapping'),
    },
  });
  registry.registerPath({
    method: 'delete',
    path: '/api/school-holidays/{region}/{schoolYear}',
    summary: "Remove a school year's holidays of a region",
    request: { params: SchoolYearParams },
    responses: { 200: { description: 'Removed, with the region coverage' }, 400: errors[400], 404: errors[404] },
  });
}

/** Vroegsignalering (issue 7): early signals from schools and partners, and their escalation. */
function registerSignalPaths(registry: OpenAPIRegistry): void {
  const signalParams = z.object({ signalId: SignalId });
  registry.registerPath({
    method: 'post',
    path: '/api/signals',
    summary: 'Report an early signal (not yet a melding): starts its light workflow; repeating it is harmless',
    request: { body: json(EarlySignalReport, 'The early signal') },
    responses: {
      201: { description: 'Registered' },
      200: { description: 'Registered before' },
      ...errors,
      409: json(ErrorBody, 'The signal id is used for another youth'),
      422: json(ErrorBody, 'This is a formal melding, not an early signal'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/signals',
    summary: "The consultant's early signals, ordered by their next deadline",
    request: { query: SignalQuery },
    responses: { 200: { description: 'A page of signals' }, ...errors },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/signals/{signalId}',
    summary: 'One early signal: its report, the youth and the live workflow state',
    request: { params: signalParams },
    responses: { 200: { description: 'The signal' }, 404: errors[404] },
  });
  for (const a of SIGNAL_ACTION_ROUTES) {
    registry.registerPath({
      method: 'post',
      path: `/api/signals/{signalId}/${a.path}`,
      summary: a.summary,
      request: { params: signalParams, body: json(a.schema, a.summary) },
      responses: { 200: { description: 'The new signal state' }, ...errors, 409: json(ErrorBody, 'The signal is closed or the step does not fit'), 422: json(ErrorBody, 'A rule refuses the step') },
    });
  }
  registry.registerPath({
    method: 'post',
    path: '/api/signals/{signalId}/escalate',
    summary: 'Escalate into a MAS case: the signal becomes a formal melding that opens (or joins) the youth\'s case',
    request: { params: signalParams, body: json(EscalateRequest, 'Why, and what the melding needs that the signal lacks') },
    responses: { 201: { description: 'The linked case' }, ...errors, 409: json(ErrorBody, 'The signal is closed'), 422: json(ErrorBody, 'The signal lacks what a melding needs') },
  });
}

/** Management and audit (issue 6): the case history, reports, the DUO feedback outbox, the audit table. */
function registerAuditPaths(registry: OpenAPIRegistry): void {
  const forbidden = json(ErrorBody, 'The role may not see this');
  const table = (description: string) => ({
    description,
    content: { 'application/json': { schema: z.object({}).passthrough() }, 'text/csv': { schema: z.string() } },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/cases/{caseId}/history',
    summary: "The case's workflow history over all its runs: a timeline of who decided what and when (or ?format=json: the raw events)",
    request: { params: caseParams, query: HistoryQuery },
    responses: { 200: { description: 'The timeline, or the raw history per run' }, 401: errors[401], 403: forbidden, 404: errors[404] },
  });
  for (const report of REPORTS) {
    registry.registerPath({
      method: 'get',
      path: `/api/reports/${report.path}`,
      summary: report.summary,
      request: { query: report.query },
      responses: { 200: table('The figures (JSON, or CSV with ?format=csv or Accept: text/csv)'), 400: errors[400], 401: errors[401], 403: forbidden },
    });
  }
  registry.registerPath({
    method: 'get',
    path: '/api/duo-feedback',
    summary: 'The DUO feedback outbox: a record per status change of a melding (status, closing reason, contact person)',
    request: { query: DuoFeedbackQuery },
    responses: { 200: table('The records (CSV: a line per melding)'), 400: errors[400], 401: errors[401], 403: forbidden },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/duo-feedback/export',
    summary: 'Mark the listed records exported and return them',
    request: { body: json(DuoFeedbackExportInput, 'The ids of the records delivered to DUO') },
    responses: { 200: { description: 'The records marked now, and the ids that were exported before or are unknown' }, 400: errors[400], 401: errors[401], 403: forbidden },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/audit-entries',
    summary: 'The audit table: who did what, when and why, per case version',
    request: { query: AuditEntriesQuery },
    responses: { 200: table('The entries'), 400: errors[400], 401: errors[401], 403: forbidden },
  });
}
