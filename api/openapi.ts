import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { answerSchemas } from '../domain/actions/answers';
import { DuoStatus } from '../domain/duo-status';
import { MeldingSchema } from '../domain/melding';
import { RegionPolicySchema } from '../domain/policy';
import { EarlySignalReport } from '../domain/signal/report';
import { SchoolInformationInput } from '../domain/case/actions';
import { AccessLogQuery } from './routes/access-log';
import { AuditEntriesQuery } from './routes/audit-entries';
import { CASE_ACTION_ROUTES, CASE_FACT_ROUTES, SIGNAL_ACTION_ROUTES, type ActionRoute } from './routes/case-actions';
import { HistoryQuery } from './routes/case-history';
import { CaseId, CaseQuery } from './routes/cases';
import { PayloadsBody } from './routes/codec';
import { AssignmentRulesInput, IfMatchHeader, PolicyIfMatchHeader, PolicyInput } from './routes/configuration';
import { SchoolHolidayRegionParams, SchoolYearParams } from './routes/school-holidays';
import { SchoolHolidaysInput } from '../domain/calendar-school-holidays';
import { HolidaySchema } from '../domain/calendar';
import { DuoFeedbackExportInput, DuoFeedbackQuery } from './routes/duo-feedback';
import { REPORTS } from './routes/reports';
import { SignalId, SignalQuery } from './routes/signals';
import { RegisterVrijstellingInput, YouthIdentityInput } from './routes/vrijstellingen';
import { registerLetterPaths } from './openapi-letters';
import { NotificationId, NotificationsQuery, NotificationView } from './routes/notifications';
import { SchoolMeldingenAnswer, SchoolMeldingParams, SchoolMeldingView } from './routes/school-meldingen';

/**
 * The OpenAPI document, generated from the zod schemas that validate the requests: the actions
 * from the action registry (domain/actions), the other routes below. Every route the express app
 * serves is here with its request, its answer and its error answers; test/unit/openapi-routes.test.ts
 * walks the router and fails on a route the document lacks (or one it documents that is gone).
 */

const ErrorBody = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      fields: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
      violations: z.array(z.object({ code: z.string(), message: z.string(), severity: z.enum(['refuse', 'advise']).optional() })).optional(),
    }),
  })
  .meta({ id: 'Error' });

const ERROR_TEXT: Record<number, string> = {
  400: 'Invalid input, with a message per field',
  401: 'No, a forged or an expired bearer token',
  403: 'The role or the gemeente may not do this',
  404: 'Unknown resource',
  405: 'Method not allowed',
  409: 'The step does not fit the current state',
  410: 'The link expired, or the case closed or asked again since',
  413: 'The body is too large',
  415: 'Unsupported content type',
  422: 'A rule refuses the step (violations with their code and severity)',
  429: 'Too many requests (failed authentications per address or subject, requests per principal): see Retry-After',
  503: 'PostgreSQL or Temporal is not reachable right now: see Retry-After',
};

type ErrorCode = keyof typeof ERROR_TEXT & number;
const json = (schema: z.ZodType, description: string) => ({ description, content: { 'application/json': { schema } } });
const errorAnswers = (codes: number[], texts: Partial<Record<number, string>> = {}) =>
  Object.fromEntries([...new Set(codes)].sort().map((c) => [c, json(ErrorBody, texts[c] ?? ERROR_TEXT[c]!)]));

const table = (schema: z.ZodType, description: string) => ({
  description,
  content: { 'application/json': { schema }, 'text/csv': { schema: z.string() } },
});
const html = (description: string) => ({ description, content: { 'text/html': { schema: z.string() } } });

const caseParams = z.object({ caseId: CaseId });
const signalParams = z.object({ signalId: SignalId });
const tokenParams = z.object({ token: z.string().describe('The secret token of the link (256 random bits, base64url)') });
const page = (item: z.ZodType) => z.object({ page: z.number().int(), pageSize: z.number().int(), total: z.number().int(), items: z.array(item) });
const anyRecord = z.looseObject({});

type Method = 'get' | 'post' | 'put' | 'delete';
export type PathSpec = {
  method: Method;
  path: string;
  summary: string;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** Request headers the route reads (e.g. If-Match); a malformed one is 400. */
  headers?: z.ZodObject;
  ok: Record<number, (ReturnType<typeof json> | ReturnType<typeof table> | ReturnType<typeof html> | { description: string }) & { headers?: z.ZodObject }>;
  /** Error answers beyond what the route's kind gives (api: 401, 403, 429; params: 404; body or query: 400). */
  errors?: ErrorCode[];
  errorTexts?: Partial<Record<number, string>>;
  /** Outside /api (school links, health): no bearer token, so no 401/403 by default. */
  open?: boolean;
};

export function register(registry: OpenAPIRegistry, spec: PathSpec): void {
  const codes: number[] = [...(spec.errors ?? [])];
  if (!spec.open) codes.push(401, 403, 429);
  if (spec.params) codes.push(404);
  if (spec.body || spec.query || spec.headers) codes.push(400);
  registry.registerPath({
    method: spec.method,
    path: spec.path,
    summary: spec.summary,
    ...(spec.open && { security: [] }),
    request: {
      ...(spec.params && { params: spec.params }),
      ...(spec.query && { query: spec.query }),
      ...(spec.headers && { headers: spec.headers }),
      // A request body is required wherever one is taken (issue 18): a missing body is 400.
      ...(spec.body && { body: { ...json(spec.body, spec.summary), required: true } }),
    },
    responses: { ...spec.ok, ...errorAnswers(codes, spec.errorTexts) },
  });
}

/** An action's route, from the registry: its body, its answer, 409 for a step that does not fit, 422 for a rule. */
function registerAction(registry: OpenAPIRegistry, base: '/api/cases/{caseId}' | '/api/signals/{signalId}', a: ActionRoute<string>): void {
  const advised = a.rules.filter((r) => r.severity === 'advise').map((r) => r.code);
  const refused = a.rules.filter((r) => r.severity === 'refuse').map((r) => r.code);
  const rulesText = [refused.length && `refused by law: ${refused.join(', ')}`, advised.length && `advised (go ahead with adviceReasoning): ${advised.join(', ')}`].filter(Boolean).join('; ');
  const errors: ErrorCode[] = a.kind === 'update' ? [409, 413, 422] : [409, 413];
  register(registry, {
    method: 'post',
    path: `${base}/${a.path}`,
    summary: a.summary,
    params: base === '/api/cases/{caseId}' ? caseParams : signalParams,
    body: a.body,
    ok: { [a.status]: json(a.answer, a.kind === 'update' ? 'The new state' : 'Delivered to the workflow') },
    errors,
    errorTexts: {
      409: a.kind === 'update' ? 'The step does not fit the phase (or the case is closed)' : 'The case is closed',
      422: rulesText ? `A rule refuses the step (${rulesText})` : ERROR_TEXT[422],
    },
  });
}

/** The OpenAPI document, generated from the same zod schemas that validate the requests. */
export function buildOpenApi(): object {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });

  registerCasePaths(registry);
  registerSignalPaths(registry);
  registerRegisterPaths(registry);
  registerAuditPaths(registry);
  registerOpenPaths(registry);
  registerLetterPaths(registry);
  registerNotificationPaths(registry);
  registerSchoolMeldingPaths(registry);
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: { title: 'Verzuimregie API', version: '0.2.0', description: 'Case handling for leerplicht teams (MAS)' },
    security: [{ bearer: [] }],
  });
}

function registerCasePaths(registry: OpenAPIRegistry): void {
  const MeldingAnswer = z.object({ caseId: z.string(), meldingId: z.string(), outcome: z.enum(['new-case', 'attached', 'already-registered']) });
  register(registry, {
    method: 'post',
    path: '/api/meldingen',
    summary: 'Register a verzuimmelding: opens a case or attaches it to the open case of the youth',
    body: MeldingSchema,
    ok: { 201: json(MeldingAnswer, 'Registered: a new case, or attached to the open case'), 200: json(MeldingAnswer, 'Registered before: the same case') },
    errors: [409, 413, 422],
    errorTexts: { 409: 'The melding id was registered before by another sender, or with other content (a retry must be identical)', 422: 'The region does not handle this melding (its verzuim kinds, the late-coming threshold)' },
  });
  const QueueItem = z.looseObject({ id: z.string(), duoStatus: DuoStatus, phase: z.string(), step: z.string().nullable(), gemeente: z.string(), consultantId: z.string().nullable(), nextDeadline: z.string().nullable() });
  register(registry, { method: 'get', path: '/api/cases', summary: 'The work queue: cases ordered by next deadline', query: CaseQuery, ok: { 200: json(page(QueueItem), 'A page of cases') } });
  register(registry, {
    method: 'get',
    path: '/api/cases/{caseId}',
    summary: 'One case with its live workflow state (or the projection when no worker answers)',
    params: caseParams,
    ok: {
      200: json(
        z.object({ caseId: z.string(), state: answerSchemas().CaseStateAnswer.nullable(), source: z.enum(['workflow', 'projection']), running: z.boolean(), youth: anyRecord.nullable(), meldingen: z.array(anyRecord), temporalUi: z.string() }),
        'The case',
      ),
    },
  });
  for (const a of CASE_ACTION_ROUTES) registerAction(registry, '/api/cases/{caseId}', a);
  for (const f of CASE_FACT_ROUTES) registerAction(registry, '/api/cases/{caseId}', f);
  const Message = z.looseObject({ kind: z.string(), requestId: z.string().nullable(), to: z.string(), subject: z.string(), status: z.string(), attempts: z.number(), sentAt: z.string().nullable() });
  register(registry, {
    method: 'get',
    path: '/api/cases/{caseId}/messages',
    summary: 'The e-mails the case sent to the school (request, reminders) with their delivery status',
    params: caseParams,
    ok: { 200: json(z.object({ caseId: z.string(), items: z.array(Message) }), 'The messages') },
  });
  register(registry, {
    method: 'get',
    path: '/api/cases/{caseId}/history',
    summary: "The case's workflow history over all its runs: a timeline of who decided what and when (or ?format=json: the raw events)",
    params: caseParams,
    query: HistoryQuery,
    ok: { 200: json(z.looseObject({ caseId: z.string(), runs: z.array(anyRecord) }), 'The timeline, or the raw history per run') },
  });
}

/** Vroegsignalering: early signals from schools and partners, and their escalation. */
function registerSignalPaths(registry: OpenAPIRegistry): void {
  const Registered = z.looseObject({ signalId: z.string(), outcome: z.string() });
  register(registry, {
    method: 'post',
    path: '/api/signals',
    summary: 'Report an early signal (not yet a melding): starts its light workflow; repeating it is harmless',
    body: EarlySignalReport,
    ok: { 201: json(Registered, 'Registered'), 200: json(Registered, 'Registered before') },
    errors: [409, 413, 422],
    errorTexts: { 409: 'The signal id was registered before for another youth, by another sender, or with other content', 422: 'This is a formal melding, not an early signal' },
  });
  const SignalItem = z.looseObject({ id: z.string(), concern: z.string(), gemeente: z.string(), status: z.string(), nextDeadline: z.string().nullable() });
  register(registry, { method: 'get', path: '/api/signals', summary: "The consultant's early signals, ordered by their next deadline", query: SignalQuery, ok: { 200: json(page(SignalItem), 'A page of signals') } });
  register(registry, {
    method: 'get',
    path: '/api/signals/{signalId}',
    summary: 'One early signal: its report, the youth and the live workflow state',
    params: signalParams,
    ok: { 200: json(z.looseObject({ signalId: z.string(), state: answerSchemas().SignalStateAnswer, source: z.enum(['workflow', 'projection']), report: anyRecord, youth: anyRecord }), 'The signal') },
  });
  for (const a of SIGNAL_ACTION_ROUTES) registerAction(registry, '/api/signals/{signalId}', a);
}

/** Registers and configuration: vrijstellingen, assignment rules, regional policy. */
function registerRegisterPaths(registry: OpenAPIRegistry): void {
  const Vrijstelling = z.looseObject({ id: z.string(), kind: z.string(), from: z.string(), to: z.string().nullable(), decisionDate: z.string(), reference: z.string() });
  register(registry, {
    method: 'post',
    path: '/api/vrijstellingen',
    summary: 'Record a vrijstelling in the register (intake puts it before the consultant)',
    body: RegisterVrijstellingInput,
    ok: { 201: json(Vrijstelling.extend({ youthId: z.string() }), 'Recorded') },
    errors: [404, 413],
    errorTexts: { 404: 'Unknown youth' },
  });
  register(registry, {
    method: 'get',
    path: '/api/youth/{youthId}/vrijstellingen',
    summary: "A youth's vrijstellingen",
    params: z.object({ youthId: z.uuid() }),
    ok: { 200: json(z.object({ youthId: z.string(), items: z.array(Vrijstelling) }), 'The vrijstellingen') },
  });
  const Identity = z.object({ firstName: z.string(), lastName: z.string(), dateOfBirth: z.string() });
  register(registry, {
    method: 'get',
    path: '/api/youth/{youthId}',
    summary: 'The youth register entry, where meldingen and signals of your gemeenten name the youth differently (facts to check), and the changes to the entry',
    params: z.object({ youthId: z.uuid() }),
    ok: {
      200: json(
        z.object({
          youthId: z.string(),
          register: Identity,
          identityChecks: z.array(z.object({ source: z.enum(['melding', 'signal']), id: z.string(), field: z.string(), register: z.string(), reported: z.string() })),
          changes: z.array(anyRecord),
        }),
        'The register entry',
      ),
    },
  });
  register(registry, {
    method: 'put',
    path: '/api/youth/{youthId}/identity',
    summary: 'Correct the register entry (name, date of birth) with a reason: a consultant of a gemeente with the youth in a case; audited',
    params: z.object({ youthId: z.uuid() }),
    body: YouthIdentityInput,
    ok: { 200: json(z.object({ youthId: z.string(), register: Identity }), 'The corrected entry') },
    errors: [413],
  });
  const Rule = z.object({ id: z.string(), gemeente: z.string().nullable(), schoolBrin: z.string().nullable(), consultantId: z.string(), teamLeadId: z.string().nullable() });
  const RulesVersion = z.string().describe('The version of the rule set: a hash of its content (16 hex digits); the ETag is this version in quotes');
  const versionHeader = z.object({ ETag: z.string().describe('The version of the rule set, quoted: send it back as If-Match') });
  register(registry, {
    method: 'get',
    path: '/api/assignment-rules',
    summary: 'The rules that assign new cases to consultants (per school or gemeente), with their version (also the ETag)',
    ok: { 200: { ...json(z.object({ items: z.array(Rule), version: RulesVersion }), 'The rules and their version'), headers: versionHeader } },
  });
  register(registry, {
    method: 'put',
    path: '/api/assignment-rules',
    summary:
      'Replace the rules that assign new cases to consultants (per school or gemeente). Send If-Match with the version read: when the rules changed since, 409 and nothing changes. Without If-Match the set is replaced whatever it is now (older clients)',
    headers: z.object({
      'If-Match': IfMatchHeader.shape['If-Match'].describe('The version (ETag) of GET /api/assignment-rules the change is based on; `*` for any. Recommended: without it a save can remove rules saved meanwhile'),
    }),
    body: AssignmentRulesInput,
    ok: { 200: { ...json(z.object({ count: z.number().int(), version: RulesVersion }), 'Saved, with the new version'), headers: versionHeader } },
    errors: [409, 413, 422],
    errorTexts: {
      400: 'Invalid rules, or a malformed If-Match, with a message per field',
      409: 'The rules changed since the version in If-Match was read (code `conflict`; `version` and the ETag carry the current one): read them again and apply the change to them',
      422: 'Two rules for one school or gemeente',
    },
  });
  const PolicyVersion = z.string().describe("The version of the region's policy: a hash of its policy and gemeenten (16 hex digits); the ETag is this version in quotes");
  const policyVersionHeader = z.object({ ETag: z.string().describe("The version of the region's policy, quoted: send it back as If-Match") });
  const RegionPolicyRow = z.object({ regionId: z.string(), gemeenten: z.array(z.string()), policy: RegionPolicySchema, version: PolicyVersion });
  const regionParams = z.object({ regionId: z.string() });
  register(registry, {
    method: 'get',
    path: '/api/policies',
    summary: "The regions' policies (deadlines, periods, holidays, verzuim kinds, stricter rules) and their gemeenten, each with its version, and the default",
    ok: {
      200: json(
        z.object({ default: RegionPolicySchema, items: z.array(RegionPolicyRow), warnings: z.array(CoverageWarningBody) }),
        'The policies; warnings name each school holiday region in use whose holidays do not reach a year ahead',
      ),
    },
  });
  register(registry, {
    method: 'get',
    path: '/api/policies/{regionId}',
    summary: "One region's policy and gemeenten with its version (also the ETag); the default region before anyone saved it gives the defaults (`saved: false`)",
    params: regionParams,
    ok: { 200: { ...json(RegionPolicyRow.extend({ saved: z.boolean() }), 'The policy and its version'), headers: policyVersionHeader } },
  });
  register(registry, {
    method: 'put',
    path: '/api/policies/{regionId}',
    summary:
      "Save a region's policy (deadlines, periods, holidays, stricter rules) and its gemeenten; new cases use it. Send If-Match with the version read: when the region changed since (or is gone), 409 and nothing changes. Without If-Match the region is saved whatever it is now (creating a region, older clients)",
    params: regionParams,
    headers: z.object({
      'If-Match': PolicyIfMatchHeader.shape['If-Match'].describe('The version (ETag) of GET /api/policies/{regionId} the change is based on; `*` for any version of a region that exists. Recommended: without it a save can overwrite what another administrator saved meanwhile'),
    }),
    body: PolicyInput,
    ok: { 200: { ...json(RegionPolicyRow, 'Saved, with the new version'), headers: policyVersionHeader } },
    errors: [409, 413],
    errorTexts: {
      400: 'Invalid policy, or a malformed If-Match, with a message per field',
      409: 'The region changed since the version in If-Match was read, or has no policy (code `conflict`; `version` and the ETag carry the current one, null when there is none): read it again and apply the change to it. Or a gemeente belongs to another region (code `gemeente-in-other-region`)',
    },
  });
  registerSchoolHolidayPaths(registry);
}

const CoverageWarningBody = z.object({ code: z.literal('school-holidays.coverage'), region: z.string(), coveredUntil: z.iso.date().nullable(), message: z.string() });

/** The calendar (issue 14): school holidays per holiday region and school year, kept by the administrator. */
function registerSchoolHolidayPaths(registry: OpenAPIRegistry): void {
  const YearRow = z.object({ schoolYear: z.string(), holidays: z.array(HolidaySchema), source: z.string().nullable(), updatedBy: z.string(), updatedAt: z.string() });
  const Region = z.object({ region: z.string(), revision: z.number().int(), coveredUntil: z.iso.date().nullable(), warning: CoverageWarningBody.nullable(), schoolYears: z.array(YearRow) });
  register(registry, {
    method: 'get',
    path: '/api/school-holidays',
    summary: 'Every school holiday region (noord, midden, zuid, or one of its own) with its school years, how far they are known, and a warning when that is less than a year ahead',
    ok: { 200: json(z.object({ items: z.array(Region), warnings: z.array(CoverageWarningBody) }), 'The regions') },
  });
  register(registry, { method: 'get', path: '/api/school-holidays/{region}', summary: "One region's school years and coverage", params: SchoolHolidayRegionParams, ok: { 200: json(Region, 'The region') } });
  register(registry, {
    method: 'put',
    path: '/api/school-holidays/{region}/{schoolYear}',
    summary: "Replace a school year's holidays of a region (1 August to 31 July; the zomervakantie may end by 15 September); running cases count their pending deadlines again",
    params: SchoolYearParams,
    body: SchoolHolidaysInput,
    ok: { 200: json(Region.extend({ schoolYear: z.string(), holidays: z.array(HolidaySchema) }), 'Saved, with the region coverage') },
    errors: [409, 413, 422],
    errorTexts: { 409: 'Overlaps a holiday of a neighbouring school year', 422: 'A holiday outside the school year, too long, or two overlapping' },
  });
  register(registry, {
    method: 'delete',
    path: '/api/school-holidays/{region}/{schoolYear}',
    summary: "Remove a school year's holidays of a region; running cases count their pending deadlines again",
    params: SchoolYearParams,
    ok: { 200: json(Region, 'Removed, with the region coverage') },
  });
}

/** Management, audit and privacy: reports, the DUO feedback outbox, the audit table, the access log. */
function registerAuditPaths(registry: OpenAPIRegistry): void {
  const figures = z.looseObject({});
  for (const report of REPORTS) {
    register(registry, { method: 'get', path: `/api/reports/${report.path}`, summary: report.summary, query: report.query, ok: { 200: table(figures, 'The figures (JSON, or CSV with ?format=csv or Accept: text/csv)') } });
  }
  const Feedback = z.looseObject({ id: z.string(), caseId: z.string(), meldingIds: z.array(z.string()), status: DuoStatus, statusLabel: z.string(), closingReason: z.string().nullable(), changedAt: z.string() });
  register(registry, {
    method: 'get',
    path: '/api/duo-feedback',
    summary: 'The DUO feedback outbox: a record per status change of a melding (status, closing reason, contact person)',
    query: DuoFeedbackQuery,
    ok: { 200: table(z.object({ items: z.array(Feedback) }), 'The records (CSV: a line per melding)') },
  });
  register(registry, {
    method: 'post',
    path: '/api/duo-feedback/export',
    summary: 'Mark the listed records exported and return them',
    body: DuoFeedbackExportInput,
    ok: { 200: json(z.object({ items: z.array(Feedback), alreadyExported: z.array(z.string()), unknown: z.array(z.string()) }), 'The records marked now, and the ids exported before or unknown') },
    errors: [413],
  });
  register(registry, {
    method: 'get',
    path: '/api/audit-entries',
    summary: 'The audit table: who did what, when and why (advice overruled included), per case version',
    query: AuditEntriesQuery,
    ok: { 200: table(page(z.looseObject({ caseId: z.string(), version: z.number(), action: z.string(), actorId: z.string(), reason: z.string().nullable() })), 'The entries') },
  });
  register(registry, {
    method: 'get',
    path: '/api/access-log',
    summary: 'The access log (Logboek dataverwerkingen), for the privacy officer',
    query: AccessLogQuery,
    ok: { 200: json(page(z.looseObject({ id: z.string(), actorId: z.string(), activity: z.string(), caseId: z.string().nullable(), result: z.string(), at: z.string() })), 'The rows') },
  });
}

/** Outside /api: health, the school links (no account), the Web UI's codec endpoint, this document. */
function registerOpenPaths(registry: OpenAPIRegistry): void {
  register(registry, { method: 'get', path: '/health', summary: 'Alive', open: true, ok: { 200: json(z.object({ status: z.literal('ok') }), 'Alive') } });
  const Reachable = z.enum(['ok', 'unavailable']);
  const Ready = z.object({
    status: z.enum(['ready', 'not-ready']),
    postgres: Reachable,
    temporal: Reachable,
    calendar: z.union([z.literal('ok'), z.literal('unknown'), z.array(z.string())]).describe('ok, or a line per school holiday region in use that does not reach a year ahead'),
  });
  register(registry, { method: 'get', path: '/ready', summary: 'Temporal and PostgreSQL reachable', open: true, ok: { 200: json(Ready, 'Ready'), 503: json(Ready, 'Not ready') } });
  register(registry, { method: 'get', path: '/api/openapi.json', summary: 'This document', ok: { 200: json(anyRecord, 'The OpenAPI document') } });

  const RequestView = z.looseObject({ requestId: z.string(), school: anyRecord, pupil: anyRecord, dueAt: z.string(), linkExpiresAt: z.string(), answeredAt: z.string().nullable() });
  const linkErrors: ErrorCode[] = [410, 429];
  register(registry, {
    method: 'get',
    path: '/school/requests/{token}',
    summary: "The school's answer link: the form (HTML), or with Accept: application/json the request",
    open: true,
    params: tokenParams,
    ok: { 200: { description: 'The form or the request', content: { 'text/html': { schema: z.string() }, 'application/json': { schema: z.object({ request: RequestView, answered: z.boolean(), asked: z.array(z.string()) }) } } } },
    errors: linkErrors,
  });
  register(registry, {
    method: 'post',
    path: '/school/requests/{token}',
    summary: "The school's answer (form or JSON): delivered to the case at once",
    open: true,
    params: tokenParams,
    body: SchoolInformationInput.omit({ requestId: true }),
    ok: {
      200: {
        description: 'Received',
        content: { 'text/html': { schema: z.string() }, 'application/json': { schema: z.object({ received: z.literal(true), requestId: z.string(), answeredAt: z.string().nullable(), message: z.string() }) } },
      },
    },
    errors: [...linkErrors, 409, 413, 415],
    errorTexts: { 409: 'Answered before (through a link, or recorded by the consultant)' },
  });
  register(registry, {
    method: 'get',
    path: '/school/status/{token}',
    summary: "The school's status link: the DUO status of the school's own meldingen (only statuses each melding had)",
    open: true,
    params: tokenParams,
    ok: { 200: { description: 'The statuses', content: { 'text/html': { schema: z.string() }, 'application/json': { schema: z.looseObject({ brin: z.string(), meldingen: z.array(anyRecord) }) } } } },
    errors: linkErrors,
  });

  const Payloads = z.object({ payloads: z.array(z.object({ metadata: z.record(z.string(), z.string()).optional(), data: z.string().optional() })) });
  for (const op of ['encode', 'decode'] as const) {
    register(registry, {
      method: 'post',
      path: `/codec/${op}`,
      summary: `Temporal's remote codec protocol for the Web UI: ${op} payloads (X-Namespace header; bearer token or the /codec/session cookie)`,
      body: PayloadsBody,
      ok: { 200: json(Payloads, `The ${op}d payloads`) },
      errors: [413, 422],
      errorTexts: { 422: `The payloads could not be ${op}d (an unknown key, tampered data)` },
    });
  }
  register(registry, { method: 'get', path: '/codec/session', summary: 'The page to sign the Web UI in to the codec endpoint (paste a token)', open: true, ok: { 200: html('The form') } });
  register(registry, {
    method: 'post',
    path: '/codec/session',
    summary: 'Verify a token and set the codec cookie (HttpOnly, 8 hours, path /codec)',
    open: true,
    body: z.object({ token: z.string() }),
    ok: { 200: html('Signed in') },
    errors: [401, 429],
  });
  register(registry, { method: 'post', path: '/codec/session/end', summary: 'Remove the codec cookie', open: true, ok: { 200: html('Signed out') } });
}

/** The inbox of consultants and team leads (issue 11): nothing is addressed to nobody. */
function registerNotificationPaths(registry: OpenAPIRegistry): void {
  register(registry, {
    method: 'get',
    path: '/api/notifications',
    summary: "The caller's notifications, newest first; a team lead also sees the team inbox of their gemeenten (what had no known recipient)",
    query: NotificationsQuery,
    ok: { 200: json(page(NotificationView), 'A page of notifications') },
  });
  register(registry, {
    method: 'post',
    path: '/api/notifications/{notificationId}/read',
    summary: 'Mark one of your notifications read (404 for one that is not yours)',
    params: NotificationId,
    ok: { 200: json(NotificationView, 'The notification, read') },
  });
}

/** A logged-in school's own meldingen and their DUO status (issue 17): the BRIN of its token only. */
function registerSchoolMeldingPaths(registry: OpenAPIRegistry): void {
  register(registry, {
    method: 'get',
    path: '/api/school/meldingen',
    summary: "The calling school's own meldingen (the BRIN in its token), newest first, with their DUO status; nothing of another school",
    ok: { 200: json(SchoolMeldingenAnswer, 'The meldingen of the school') },
    errorTexts: { 403: 'Not a school, or a school token without a BRIN' },
  });
  register(registry, {
    method: 'get',
    path: '/api/school/meldingen/{meldingId}',
    summary: "One of the calling school's own meldingen with its DUO status history (404 for another school's, as for one that does not exist)",
    params: SchoolMeldingParams,
    ok: { 200: json(SchoolMeldingView, 'The melding and its statuses') },
    errorTexts: { 403: 'Not a school, or a school token without a BRIN' },
  });
}
