import { DefaultLogger, Runtime, makeTelemetryFilterString } from '@temporalio/worker';
import { loadConfig } from '../platform/config';
import { createLogger } from '../platform/logger';
import { createPrisma } from '../prisma/client';
import { createWorker } from './create-worker';

async function main() {
  const config = loadConfig();
  const log = createLogger('worker', config.LOG_LEVEL);
  Runtime.install({
    // The SDK's own log lines go through pino too, as structured JSON.
    logger: new DefaultLogger('INFO', ({ level, message, meta }) => log[level.toLowerCase() as 'info']({ ...meta }, message)),
    telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'WARN' }), forward: {} } },
  });
  const prisma = createPrisma(config.DATABASE_URL);
  const { worker, connection } = await createWorker(config, { prisma });
  // SIGINT/SIGTERM: the SDK's default shutdown signals drain the worker; then close the rest.
  log.info({ taskQueue: config.TEMPORAL_TASK_QUEUE, address: config.TEMPORAL_ADDRESS }, 'worker started');
  await worker.run();
  await connection.close();
  await prisma.$disconnect();
  log.info('worker stopped');
}

main().catch((err) => {
  process.stderr.write(`worker failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
