import type { Server } from 'node:http';
import net from 'node:net';
import { loadConfig } from '../platform/config';
import { createLogger } from '../platform/logger';
import { createMailer } from '../platform/mailer';
import { connectClient } from '../platform/temporal';
import { createPrisma } from '../prisma/client';
import { createPgPool } from '../prisma/pg-pool';
import { createApp } from './app';

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
  // under load may take longer (that is no outage), up to 15 s.
  const prisma = createPrisma(
    config.DATABASE_URL,
    createPgPool(config.DATABASE_URL, { max: 20, connectTimeoutMs: t, connectionTimeoutMillis: Math.max(15_000, t), query_timeout: t, statement_timeout: t }),
  );
  const client = await connectClient(config, log, { deadlines: { callMs: config.TEMPORAL_CALL_TIMEOUT_MS, updateMs: config.TEMPORAL_UPDATE_TIMEOUT_MS } });
  const app = createApp({ prisma, client, config, log, mailer: createMailer(config, log) });
  const server: Server = app.listen(config.PORT, () => log.info({ port: config.PORT }, 'api listening'));

  // SIGTERM/SIGINT: stop accepting connections, let every request in flight get its answer (a
  // kept-alive connection is closed after its current response), then close the clients.
  let stopping = false;
  let inFlight = 0;
  const ACCEPT_AFTER_SIGNAL_MS = 3_000;
  server.on('request', (_req, res) => {
    inFlight++;
    res.once('close', () => inFlight--);
    if (stopping) res.setHeader('connection', 'close');
  });
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal, inFlight }, 'api stopping: draining requests in flight');
    // Keep accepting for a moment: connections a client opened just before the signal may still
    // wait in the kernel's accept queue, and closing the listener resets them (ECONNRESET). Each
    // answer now carries `connection: close`, so clients move on (a load balancer has stopped
    // sending by then: the Kubernetes preStop, the compose gateway's retry of the next upstream).
    setTimeout(() => {
      // Stop listening only (net.Server's close: http.Server's also drops idle connections at once,
      // and a connection whose request is still in the socket buffer looks idle: it would be reset).
      net.Server.prototype.close.call(server, async () => {
        await client.connection.close().catch(() => undefined);
        await prisma.$disconnect().catch(() => undefined);
        log.info('api stopped');
        process.exit(0);
      });
      // After a moment every request already sent has been read; from then on idle connections close.
      setTimeout(() => {
        server.closeIdleConnections();
        setInterval(() => server.closeIdleConnections(), 200).unref();
      }, 2_000).unref();
    }, ACCEPT_AFTER_SIGNAL_MS).unref();
    setTimeout(() => {
      log.warn({ inFlight, drainMs: config.API_DRAIN_TIMEOUT_MS }, 'api: requests still running at the end of the drain; closing their connections');
      server.closeAllConnections();
      process.exit(1);
    }, config.API_DRAIN_TIMEOUT_MS).unref();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err) => {
  process.stderr.write(`api failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
