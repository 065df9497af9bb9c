import express, { type Express } from 'express';
import pinoHttp from 'pino-http';
import type { Client } from '@temporalio/client';
import type { Db } from '../prisma/client';
import type { Config } from '../platform/config';
import type { Logger } from '../platform/logger';
import { requireActor } from './actor';
import { errorHandler, notFoundHandler } from './errors';
import { buildOpenApi } from './openapi';
import { auditEntriesRouter } from './routes/audit-entries';
import { caseHistoryRouter } from './routes/case-history';
import { caseMessagesRouter } from './routes/case-messages';
import { casesRouter } from './routes/cases';
import { codecRouter } from './routes/codec';
import { duoFeedbackRouter } from './routes/duo-feedback';
import { reportsRouter } from './routes/reports';
import { configurationRouter } from './routes/configuration';
import { healthRouter } from './routes/health';
import { meldingenRouter } from './routes/meldingen';
import { redactLinkTokens, schoolLinksRouter } from './routes/school-links';
import { vrijstellingenRouter } from './routes/vrijstellingen';

export type AppDeps = {
  prisma: Db;
  client: Client;
  config: Pick<Config, 'TEMPORAL_TASK_QUEUE' | 'TEMPORAL_UI_URL' | 'TEMPORAL_NAMESPACE' | 'SCHOOL_LINK_RATE_LIMIT'>;
  log: Logger;
};

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(
    pinoHttp({
      logger: deps.log,
      autoLogging: { ignore: (req) => req.url === '/health' },
      // The school links carry their secret in the path: it never reaches the logs.
      serializers: { req: redactLinkTokens },
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
  app.use('/codec', codecRouter({ codecs: deps.client.options.loadedDataConverter.payloadCodecs, config: deps.config, log: deps.log, authenticate: requireActor }));
  app.use('/api', express.json({ limit: '100kb' }), requireActor);
  app.use('/api/meldingen', meldingenRouter(deps));
  app.use('/api/cases', caseMessagesRouter(deps), casesRouter(deps));
  app.use('/api/cases', caseHistoryRouter(deps));
  app.use('/api/reports', reportsRouter(deps));
  app.use('/api/duo-feedback', duoFeedbackRouter(deps));
  app.use('/api/audit-entries', auditEntriesRouter(deps));
  app.use('/api', vrijstellingenRouter(deps), configurationRouter(deps));
  app.use(notFoundHandler);
  app.use(errorHandler(deps.log));
  return app;
}
