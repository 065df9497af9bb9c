import type { Server } from 'node:http';
import { loadConfig } from '../platform/config';
import { createLogger } from '../platform/logger';
import { createMailer } from '../platform/mailer';
import { connectClient } from '../platform/temporal';
import { createPrisma } from '../prisma/client';
import { createPgPool } from '../prisma/pg-pool';
import { LOCKED_TX } from '../platform/melding-delivery';
import { createApp } from './app';
import { drainOnSignal } from './drain';

async function main() {
  const config = loadConfig();
  if (!config.OIDC_ISSUER) {
    process.stderr.write('invalid configuration: OIDC_ISSUER: the API needs an identity provider (npm start runs a local one)\n');
    process.exit(78);
  }
  const log = createLogger('api', config.LOG_LEVEL);
  // Every PostgreSQL and Temporal call of the API has a deadline (issue 18): an outage answers 503.
  const t = config.DATABASE_QUERY_TIMEOUT_MS;
  // Opening a connection and each query have the deadline; waiting for a free pooled connection
  // under load may take longer (that is no outage), up to 15 s. A session left idle inside a
  // transaction longer than the longest one allowed (a process stopped mid-transaction) is ended by
  // the server, with its locks (prisma/pg-pool.ts ends the ones a timed-out query leaves at once).
  const prisma = createPrisma(
    config.DATABASE_URL,
    createPgPool(config.DATABASE_URL, {
      max: 20,
      connectTimeoutMs: t,
      connectionTimeoutMillis: Math.max(15_000, t),
      query_timeout: t,
      statement_timeout: t,
      idle_in_transaction_session_timeout: LOCKED_TX.timeout,
    }),
  );
  const client = await connectClient(config, log, { deadlines: { callMs: config.TEMPORAL_CALL_TIMEOUT_MS, updateMs: config.TEMPORAL_UPDATE_TIMEOUT_MS } });
  const app = createApp({ prisma, client, config, log, mailer: createMailer(config, log) });
  const server: Server = app.listen(config.PORT, () => log.info({ port: config.PORT }, 'api listening'));

  // SIGTERM/SIGINT: every request in flight and every connection already opened gets its answer
  // (kept-alive connections close after it), then the clients close (api/drain.ts).
  const drain = drainOnSignal(server, {
    acceptForMs: 3_000,
    quietMs: 1_000,
    drainMs: config.API_DRAIN_TIMEOUT_MS,
    log,
    onDrained: (clean) =>
      void (async () => {
        await client.connection.close().catch(() => undefined);
        await prisma.$disconnect().catch(() => undefined);
        if (clean) log.info('api stopped');
        process.exit(clean ? 0 : 1);
      })(),
  });
  const stop = (signal: string) => drain.stop(signal);
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err) => {
  process.stderr.write(`api failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
