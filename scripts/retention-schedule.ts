/**
 * `npm run retention:schedule`: creates the daily retention Schedule (`retention-daily`) on the
 * Temporal server, or updates it to the current settings. The worker does the same at start.
 *
 *   npm run retention:schedule                 create or update
 *   npm run retention:schedule -- --run-now    and start one retention run now
 */
import { loadConfig } from '../platform/config';
import { createLogger } from '../platform/logger';
import { connectClient } from '../platform/temporal';
import { ensureRetentionSchedule, RETENTION_SCHEDULE_ID } from '../worker/retention-schedule';

async function main() {
  // The database is not needed here; the configuration schema asks for it.
  const config = loadConfig({ ...process.env, DATABASE_URL: process.env.DATABASE_URL ?? 'postgresql://unused' });
  const log = createLogger('retention-schedule', config.LOG_LEVEL);
  const client = await connectClient(config, log);
  try {
    const outcome = await ensureRetentionSchedule(client, config);
    process.stdout.write(`schedule ${RETENTION_SCHEDULE_ID} ${outcome} (task queue ${config.TEMPORAL_TASK_QUEUE}, namespace ${config.TEMPORAL_NAMESPACE})\n`);
    if (process.argv.includes('--run-now')) {
      await client.schedule.getHandle(RETENTION_SCHEDULE_ID).trigger();
      process.stdout.write('a retention run was started\n');
    }
  } finally {
    await client.connection.close();
  }
}

main().catch((err) => {
  process.stderr.write(`retention:schedule failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
