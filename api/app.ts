import express, { type Express } from 'express';
import pinoHttp from 'pino-http';
import type { Client } from '@temporalio/client';
import type { Db } from '../prisma/client';
import type { Config } from '../platform/config';
import type { Logger } from '../platform/logger';
import { requireActor } from './actor';
import { errorHandler, notFoundHandler } from './errors';
import { buildOpenApi } from './openapi';
import { casesRouter } from './routes/cases';
import { configurationRouter } from './routes/configuration';
import { healthRouter } from './routes/health';
import { meldingenRouter } from './routes/meldingen';
import { vrijstellingenRouter } from './routes/vrijstellingen';

export type AppDeps = {
  prisma: Db;
  client: Client;
  config: Pick<Config, 'TEMPORAL_TASK_QUEUE' | 'TEMPORAL_UI_URL' | 'TEMPORAL_NAMESPACE'>;
  log: Logger;
};

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(pinoHttp({ logger: deps.log, autoLogging: { ignore: (req) => req.url === '/health' } }));
  app.use(healthRouter(deps));
  const openapi = buildOpenApi();
  app.get('/api/openapi.json', (_req, res) => {
    res.json(openapi);
  });
  app.use('/api', express.json({ limit: '100kb' }), requireActor);
  app.use('/api/meldingen', meldingenRouter(deps));
  app.use('/api/cases', casesRouter(deps));
  app.use('/api', vrijstellingenRouter(deps), configurationRouter(deps));
  app.use(notFoundHandler);
  app.use(errorHandler(deps.log));
  return app;
}
