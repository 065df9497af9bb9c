import { DefaultLogger, Runtime, makeTelemetryFilterString } from '@temporalio/worker';
import { loadConfig } from '../platform/config';
import { createLogger } from '../platform/logger';
import { createMailer } from '../platform/mailer';
import { connectClient } from '../platform/temporal';
import { createPrisma } from '../prisma/client';
import { createPgPool } from '../prisma/pg-pool';
import { listenForReferenceChanges } from '../prisma/reference-changes';
import { cachedReferenceData, readReferenceData } from '../prisma/reference-data';
import { createWorker } from './create-worker';
import { boundWorkflowHeap, cacheFitsHeap, workerTuning } from './tuning';
import { ensureRetentionSchedule, RETENTION_SCHEDULE_ID } from './retention-schedule';
import { CALENDAR_COVERAGE_SCHEDULE_ID, ensureCalendarCoverageSchedule } from './calendar-schedule';
import { startMeldingReconciler } from './melding-reconciler';

async function main() {
  const config = loadConfig();
  const log = createLogger('worker', config.LOG_LEVEL);
  Runtime.install({
    // The SDK's own log lines go through pino too, as structured JSON.
    logger: new DefaultLogger('INFO', ({ level, message, meta }) => log[level.toLowerCase() as 'info']({ ...meta }, message)),
    telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'WARN' }), forward: {} } },
  });
  // The pool that bounds the worker's concurrency (worker/tuning.ts).
  const prisma = createPrisma(config.DATABASE_URL, createPgPool(config.DATABASE_URL, { max: config.WORKER_DATABASE_POOL_SIZE }));
  // Before the worker starts its workflow thread: that thread's heap is bounded from its start.
  const heap = boundWorkflowHeap(config.WORKER_WORKFLOW_HEAP_MIB);
  const tooSmall = cacheFitsHeap(config.WORKER_MAX_CACHED_WORKFLOWS, heap.heapMiB);
  if (tooSmall) throw new Error(tooSmall);
  log.info({ ...workerTuning(config), databasePoolSize: config.WORKER_DATABASE_POOL_SIZE, heapBounded: heap.applied }, heap.reason);
  const mailer = createMailer(config, log);
  // Policies, calendars and assignment rules, kept while a connection hears every change of them.
  const changes = listenForReferenceChanges(config.DATABASE_URL, {
    log: (event, detail) => (event === 'listening' ? log.info('reference data cache: listening for changes') : log.warn({ detail }, 'reference data cache: not listening, reading through')),
  });
  const reference = cachedReferenceData(readReferenceData(prisma), changes);
  // A client for the retention activities (they delete workflow histories) and the Schedule.
  const temporalClient = await connectClient(config, log);
  // SIGTERM/SIGINT (the SDK's shutdown signals) drain: no new tasks, running activities get
  // shutdownGraceTime to finish (longer than an SMTP send), then the worker stops.
  const { worker, connection } = await createWorker(
    config,
    { prisma, mailer, config, temporalClient, reference },
    { shutdownGraceTime: '30 seconds', shutdownForceTime: '40 seconds' },
    (line) => log.info(line),
  );
  await ensureRetentionSchedule(temporalClient, config).then(
    (outcome) => log.info({ scheduleId: RETENTION_SCHEDULE_ID, outcome }, 'retention schedule ready'),
    (err: unknown) => log.error({ scheduleId: RETENTION_SCHEDULE_ID, err }, 'retention schedule could not be created or updated: retention does not run'),
  );
  await ensureCalendarCoverageSchedule(temporalClient, config).then(
    (outcome) => log.info({ scheduleId: CALENDAR_COVERAGE_SCHEDULE_ID, outcome }, 'school holiday coverage schedule ready'),
    (err: unknown) => log.error({ scheduleId: CALENDAR_COVERAGE_SCHEDULE_ID, err }, 'school holiday coverage schedule could not be created or updated'),
  );
  const reconciler = startMeldingReconciler({ prisma, client: temporalClient, config }, log);
  log.info({ taskQueue: config.TEMPORAL_TASK_QUEUE, address: config.TEMPORAL_ADDRESS }, 'worker started');
  await worker.run();
  await reconciler.stop();
  await connection.close();
  await temporalClient.connection.close();
  await changes.close();
  await prisma.$disconnect();
  mailer.close();
  log.info('worker stopped');
}

main().catch((err) => {
  process.stderr.write(`worker failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
