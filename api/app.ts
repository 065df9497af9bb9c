import express, { type Express, type RequestHandler } from 'express';
import pinoHttp from 'pino-http';
import type { Client } from '@temporalio/client';
import type { Db } from '../prisma/client';
import type { Config } from '../platform/config';
import type { Logger } from '../platform/logger';
import helmet from 'helmet';
import { authenticate } from './auth/authenticate';
import { installAuthorization, methodNotAllowed } from './auth/authorize';
import { recordAccess } from './auth/record-access';
import { accessLogRouter } from './routes/access-log';
import { errorHandler, HttpError, notFoundHandler } from './errors';
import { buildOpenApi } from './openapi';
import { auditEntriesRouter } from './routes/audit-entries';
import { caseHistoryRouter } from './routes/case-history';
import { caseMessagesRouter } from './routes/case-messages';
import { casesRouter } from './routes/cases';
import { codecRouter } from './routes/codec';
import { bearerFromCookie, codecSessionRouter } from './routes/codec-session';
import { duoFeedbackRouter } from './routes/duo-feedback';
import { reportsRouter } from './routes/reports';
import { signalsRouter } from './routes/signals';
import { configurationRouter } from './routes/configuration';
import { healthRouter } from './routes/health';
import { meldingenRouter } from './routes/meldingen';
import { notificationsRouter } from './routes/notifications';
import { schoolMeldingenRouter } from './routes/school-meldingen';
import { redactLinkTokens, schoolLinksRouter } from './routes/school-links';
import { vrijstellingenRouter } from './routes/vrijstellingen';
import { workflowScope } from './services/scopes';
import { webRouter } from '../web/router';
import { bearerFromWebSession, type SessionSettings } from '../web/session';
import { DEV_WEB_CLIENT } from '../web/dev-client';
import { caseDocumentsRouter } from './routes/case-documents';
import { letterTemplatesRouter } from './routes/letter-templates';
import type { Transporter } from 'nodemailer';
import { createLetterService } from '../activities/letters';
import { createPersonsRegister } from '../activities/persons';
import { createBrpClient, type BrpClient } from '../activities/persons-brp';

export type AppDeps = {
  prisma: Db;
  client: Client;
  config: Pick<
    Config,
    | 'TEMPORAL_TASK_QUEUE'
    | 'TEMPORAL_UI_URL'
    | 'TEMPORAL_NAMESPACE'
    | 'SCHOOL_LINK_RATE_LIMIT'
    | 'OIDC_ISSUER'
    | 'OIDC_AUDIENCE'
    | 'OIDC_JWKS_URL'
    | 'OIDC_MAX_TOKEN_LIFETIME_SECONDS'
    | 'RATE_LIMIT_FAILED_AUTH_PER_ADDRESS'
    | 'RATE_LIMIT_FAILED_AUTH_PER_SUBJECT'
    | 'RATE_LIMIT_PER_PRINCIPAL_PER_MINUTE'
    | 'TRUST_PROXY'
  > &
    Partial<Pick<Config, 'BRP_URL' | 'BRP_API_KEY' | 'BRP_CLIENT_CERT' | 'BRP_CLIENT_KEY' | 'BRP_CA_CERT' | 'SMTP_FROM'>> &
    Partial<Pick<Config, 'NODE_ENV' | 'WEB_OIDC_ISSUER' | 'WEB_OIDC_CLIENT_ID' | 'WEB_OIDC_CLIENT_SECRET' | 'WEB_BASE_URL' | 'WEB_SESSION_IDLE_MINUTES' | 'WEB_SESSION_MAX_HOURS'>>;
  log: Logger;
  /** Letters sent by e-mail (issue 13); without it, sending by e-mail answers 503. */
  mailer?: Transporter;
  /** The persons register; by default from config.BRP_URL. */
  brp?: BrpClient | null;
};

/** A logged request or response without its credentials (the Authorization header, cookies). */
function withoutSecretHeaders<T extends { headers?: Record<string, unknown> }>(r: T): T {
  if (!r?.headers) return r;
  const { authorization: _a, cookie: _c, 'set-cookie': _s, ...headers } = r.headers;
  return { ...r, headers };
}

/** Whether a parsed value holds a NUL character anywhere (PostgreSQL text and jsonb refuse it). */
function hasNul(v: unknown, depth = 0): boolean {
  if (typeof v === 'string') return v.includes('\u0000');
  if (depth > 50 || !v || typeof v !== 'object') return false;
  return Object.entries(v).some(([k, x]) => k.includes('\u0000') || hasNul(x, depth + 1));
}

/** Text with a NUL character is no valid input anywhere: 400, before it reaches a query (issue 18, found by the fuzz). */
const refuseNul: RequestHandler = (req, _res, next) => {
  if (hasNul(req.body) || hasNul(req.query) || req.path.includes('\u0000') || /%00/.test(req.originalUrl))
    return next(new HttpError(400, 'invalid-input', 'text may not contain NUL characters (\\u0000)'));
  next();
};

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  if (deps.config.TRUST_PROXY) app.set('trust proxy', /^\d+$/.test(deps.config.TRUST_PROXY) ? Number(deps.config.TRUST_PROXY) : deps.config.TRUST_PROXY);
  // Security headers; the school pages and the API serve no scripts of their own.
  app.use(helmet());
  app.set('query parser', 'simple');
  app.use(
    pinoHttp({
      logger: deps.log,
      autoLogging: { ignore: (req) => req.url === '/health' },
      // Secrets never reach the logs: the school links' tokens in the path, bearer tokens and
      // cookies in the headers (platform/logger.ts censors them as well).
      serializers: { req: (req) => redactLinkTokens(withoutSecretHeaders(req)), res: withoutSecretHeaders },
    }),
  );
  app.use(healthRouter(deps));
  const openapi = buildOpenApi();
  app.get('/api/openapi.json', (_req, res) => {
    res.json(openapi);
  });
  // Schools have no account: their links are outside /api and its actor headers.
  app.use('/school', schoolLinksRouter(deps));
  // The Temporal Web UI's codec endpoint (issue 4): CORS for the UI, its own body limit and roles.
  const auth = authenticate({
    issuer: deps.config.OIDC_ISSUER ?? '',
    audience: deps.config.OIDC_AUDIENCE,
    jwksUrl: deps.config.OIDC_JWKS_URL ?? `${deps.config.OIDC_ISSUER}/jwks.json`,
    maxLifetimeSeconds: deps.config.OIDC_MAX_TOKEN_LIFETIME_SECONDS,
  }, {
    prisma: deps.prisma,
    failedPerAddress: deps.config.RATE_LIMIT_FAILED_AUTH_PER_ADDRESS,
    failedPerSubject: deps.config.RATE_LIMIT_FAILED_AUTH_PER_SUBJECT,
    failedWindowMs: 15 * 60_000,
    perPrincipal: deps.config.RATE_LIMIT_PER_PRINCIPAL_PER_MINUTE,
    principalWindowMs: 60_000,
  });
  // The Web UI sends cookies, not bearer tokens: /codec/session turns a verified token into one.
  // The web pages' session (issue 17) counts too: after logging in to our pages, the Web UI's
  // codec calls carry the session cookie (same site), and the person's token is verified as usual.
  const sessionSettings: SessionSettings = {
    idleMinutes: deps.config.WEB_SESSION_IDLE_MINUTES ?? 60,
    maxHours: deps.config.WEB_SESSION_MAX_HOURS ?? 8,
    secureCookies: deps.config.NODE_ENV === 'production',
  };
  const fromWebSession = bearerFromWebSession(deps.prisma, sessionSettings);
  const codecAuth: RequestHandler = (req, res, next) => bearerFromCookie(req, res, () => fromWebSession(req, res, () => auth(req, res, next)));
  app.use('/codec', codecSessionRouter({ authenticate: auth }));
  app.use('/codec', codecRouter({ codecs: deps.client.options.loadedDataConverter.payloadCodecs, config: deps.config, log: deps.log, authenticate: codecAuth, scopeOf: (id) => workflowScope(deps.prisma, id) }));
  app.use('/api', express.json({ limit: '100kb' }), auth, refuseNul);
  installAuthorization(app, { prisma: deps.prisma, recordAccess: recordAccess(deps.prisma, deps.log) });
  app.use('/api/meldingen', meldingenRouter(deps));
  app.use('/api/school/meldingen', schoolMeldingenRouter(deps));
  app.use('/api/cases', caseMessagesRouter(deps), casesRouter(deps));
  app.use('/api/cases', caseHistoryRouter(deps));
  app.use('/api/signals', signalsRouter(deps));
  app.use('/api/reports', reportsRouter(deps));
  app.use('/api/duo-feedback', duoFeedbackRouter(deps));
  app.use('/api/audit-entries', auditEntriesRouter(deps));
  app.use('/api/notifications', notificationsRouter(deps));
  app.use('/api', vrijstellingenRouter(deps), configurationRouter(deps), accessLogRouter(deps));
  const persons = createPersonsRegister({ prisma: deps.prisma, brp: deps.brp !== undefined ? deps.brp : createBrpClient(deps.config) });
  app.use('/api', caseDocumentsRouter({ prisma: deps.prisma, persons, letters: createLetterService({ prisma: deps.prisma, persons }), mailer: deps.mailer, mailFrom: deps.config.SMTP_FROM }));
  app.use('/api', letterTemplatesRouter(deps));
  app.use(
    webRouter({
      prisma: deps.prisma,
      log: deps.log,
      temporalUiUrl: deps.config.TEMPORAL_UI_URL,
      temporalNamespace: deps.config.TEMPORAL_NAMESPACE,
      auth: {
        issuer: deps.config.WEB_OIDC_ISSUER ?? deps.config.OIDC_ISSUER ?? '',
        clientId: deps.config.WEB_OIDC_CLIENT_ID ?? DEV_WEB_CLIENT.id,
        // Development and tests use the development provider's client; production needs its own
        // secret and public address, or the login page answers 503 (the API itself still works).
        clientSecret: deps.config.WEB_OIDC_CLIENT_SECRET ?? (deps.config.NODE_ENV === 'production' ? undefined : DEV_WEB_CLIENT.secret),
        baseUrl: deps.config.WEB_BASE_URL,
        requireBaseUrl: deps.config.NODE_ENV === 'production',
        session: sessionSettings,
      },
    }),
  );
  app.use(notFoundHandler(methodNotAllowed));
  app.use(errorHandler(deps.log));
  return app;
}
