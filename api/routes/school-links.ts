import express, { Router, type ErrorRequestHandler, type Request, type RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import { SchoolInformationInput } from '../../domain/case/actions';
import type { Config } from '../../platform/config';
import { unavailableDependency } from '../../platform/temporal-deadlines';
import { HttpError } from '../errors';
import { answerErrors, formToAnswer, formValues, type AnswerFieldError, type FormValues } from '../school/answer-form';
import { LinkError } from '../school/messages';
import { answeredPage, answerFormPage, errorPage, statusPage, thanksPage } from '../school/pages';
import { PostgresRateLimitStore } from '../auth/rate-limit-store';
import { openAnswerLink, refusalError, schoolStatus, submitSchoolAnswer, type SchoolLinkDeps } from '../services/school-links';

/**
 * The links schools get by e-mail, without an account (so outside /api and its actor headers):
 * GET/POST /school/requests/:token to see and answer an information request, and
 * GET /school/status/:token for the DUO status of the school's own meldingen.
 * HTML for browsers, JSON for clients that ask for it (Accept: application/json).
 */

export const BODY_LIMIT = '64kb';
const WINDOW_MS = 15 * 60_000;

/** Tokens are secrets in URLs: never in logs, never in a Referer, never in a cache. */
export function redactLinkToken(url: string): string {
  return url.replace(/\/school\/(requests|status)\/[^/?#]+/, '/school/$1/[token]');
}

/** pino-http's request serializer for the app: a school link's token is replaced in url and params. */
export function redactLinkTokens<R extends { url?: string; params?: unknown }>(req: R): R {
  if (!req.url || redactLinkToken(req.url) === req.url) return req;
  return Object.assign(req, { url: redactLinkToken(req.url), params: { token: '[token]' } });
}

const privateHeaders: RequestHandler = (_req, res, next) => {
  res.set({
    'Cache-Control': 'no-store',
    'Referrer-Policy': 'no-referrer',
    'X-Robots-Tag': 'noindex, nofollow',
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "default-src 'none'; style-src 'self' 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  });
  next();
};

const tokenOf = (req: Request) => String(req.params.token ?? '');

/** JSON when the client asks for it, or sent JSON without asking for HTML. */
function wantsJson(req: Request): boolean {
  const best = req.accepts(['text/html', 'application/json']);
  if (best === 'application/json') return true;
  if ((req.get('accept') ?? '').includes('text/html')) return false;
  return req.is('application/json') === 'application/json';
}

/** An answer the schema refuses: the fields' messages (JSON), and the form's values to show them again. */
class InvalidAnswer extends LinkError {
  constructor(
    readonly fields: AnswerFieldError[],
    readonly values: FormValues,
  ) {
    super('invalid', { fields: fields.map(({ path, message }) => ({ path, message })) });
  }
}

/** The body as the signal schema's input (the form's flat fields mapped, JSON as sent), for this request. */
function readAnswer(req: Request, requestId: string): SchoolInformationInput {
  const form = req.is('application/x-www-form-urlencoded') === 'application/x-www-form-urlencoded';
  const values = form ? formValues(req.body) : {};
  const { input, weekRows } = form ? formToAnswer(values) : { input: req.body as unknown, weekRows: [] };
  // The link names the request: a requestId in the body is replaced, not trusted.
  const withRequest = input && typeof input === 'object' && !Array.isArray(input) ? { ...input, requestId } : input;
  const parsed = SchoolInformationInput.safeParse(withRequest);
  if (!parsed.success) throw new InvalidAnswer(answerErrors(parsed.error, weekRows), values);
  return parsed.data;
}

export function schoolLinksRouter(deps: SchoolLinkDeps & { config: Pick<Config, 'SCHOOL_LINK_RATE_LIMIT'> }): Router {
  const r = Router();
  r.use(privateHeaders);
  // Guessing tokens: only wrong ones (404) count, per client address, in a window of 15 minutes.
  r.use(
    rateLimit({
      windowMs: WINDOW_MS,
      limit: deps.config.SCHOOL_LINK_RATE_LIMIT,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      skipSuccessfulRequests: true,
      requestWasSuccessful: (_req, res) => res.statusCode !== 404,
      // In PostgreSQL: every API instance counts the same guesses.
      store: new PostgresRateLimitStore(deps.prisma, 'school-link:'),
      handler: (_req, _res, next) => next(new LinkError('tooMany')),
    }),
  );

  r.get('/requests/:token', async (req, res) => {
    const { view, refusal } = await openAnswerLink(deps, tokenOf(req));
    if (refusal && refusal !== 'answered') throw refusalError(refusal);
    if (wantsJson(req)) {
      res.json({
        request: view,
        answered: refusal === 'answered',
        asked: ['absencePerWeek', 'lessonsMissed', 'schoolActions', 'careSignals', 'contactPerson'],
      });
      return;
    }
    res.type('html').send(refusal === 'answered' ? answeredPage(view) : answerFormPage(view));
  });

  const parseBody: RequestHandler[] = [
    express.urlencoded({ extended: false, limit: BODY_LIMIT }),
    express.json({ limit: BODY_LIMIT }),
    (req, _res, next) => next(req.is(['application/x-www-form-urlencoded', 'application/json']) ? undefined : new LinkError('unsupported')),
  ];

  r.post('/requests/:token', ...parseBody, async (req, res) => {
    try {
      const view = await submitSchoolAnswer(deps, tokenOf(req), (requestId) => readAnswer(req, requestId));
      if (wantsJson(req)) res.json({ received: true, requestId: view.requestId, answeredAt: view.answeredAt, message: 'Bedankt. Uw informatie is ontvangen en doorgegeven aan de leerplichtambtenaar.' });
      else res.type('html').send(thanksPage(view));
    } catch (err) {
      // JSON clients get the messages from the error handler; a browser gets the form again.
      if (!(err instanceof InvalidAnswer) || wantsJson(req)) throw err;
      const { view } = await openAnswerLink(deps, tokenOf(req));
      res.status(400).type('html').send(answerFormPage(view, err.values, err.fields));
    }
  });

  r.get('/status/:token', async (req, res) => {
    const status = await schoolStatus(deps, tokenOf(req));
    if (wantsJson(req)) res.json(status);
    else res.type('html').send(statusPage(status));
  });

  r.use(schoolErrorHandler);
  return r;
}

/** Errors of these routes as a Dutch page or as JSON ({ error: { code, message } }), like api/errors.ts. */
const schoolErrorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  let known: HttpError | null = err instanceof HttpError ? err : null;
  // The body parsers' errors: too large, unreadable JSON, an unknown charset.
  if (!known && err?.type === 'entity.too.large') known = new LinkError('tooLarge');
  if (!known && err?.type === 'entity.parse.failed') known = new LinkError('malformed');
  if (!known && (err?.type === 'charset.unsupported' || err?.type === 'encoding.unsupported')) known = new LinkError('unsupported');
  // Temporal or PostgreSQL not reachable: 503 with when to try again, as the API answers (issue 18);
  // the answer's claim was undone, or the next attempt finds it undelivered (services/school-links.ts).
  const down = known ? null : unavailableDependency(err);
  if (down) {
    (req as Request & { log?: { warn(o: object, m: string): void } }).log?.warn({ dependency: down, path: redactLinkToken(req.originalUrl), err: (err as Error)?.message }, 'dependency unavailable');
    res.set('Retry-After', '5');
    known = new LinkError('unavailable', { dependency: down });
  }
  if (!known) {
    // Logged here, not by the app's handler, whose log line would carry the token in the path.
    (req as Request & { log?: { error(o: object, m: string): void } }).log?.error({ err, path: redactLinkToken(req.originalUrl) }, 'unhandled error');
    known = new HttpError(500, 'internal', 'Er ging iets mis aan onze kant. Probeer het later opnieuw.');
  }
  res.status(known.status);
  if (wantsJson(req)) {
    res.json({ error: { code: known.code, message: known.message, ...(known.details as object) } });
    return;
  }
  const title = known instanceof LinkError ? known.title : 'Er ging iets mis';
  res.type('html').send(errorPage(title, known.message));
};
