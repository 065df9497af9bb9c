import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import path from 'node:path';
import { createActivities, type ActivityDeps } from '../activities';
import type { Config } from '../platform/config';
import { dataConverter } from '../platform/payload-codec';
import { temporalConnectionOptions, type TemporalConnectionConfig } from '../platform/temporal-connection';

export const WORKFLOWS_PATH = path.resolve(__dirname, '../workflows/index.ts');

/**
 * The worker for case workflows. Tests pass a prebuilt bundle so they do not bundle per file;
 * the process entry bundles from source at start.
 */
export async function createWorker(
  config: TemporalConnectionConfig & Pick<Config, 'TEMPORAL_NAMESPACE' | 'TEMPORAL_TASK_QUEUE' | 'NODE_ENV' | 'PAYLOAD_KEYS' | 'PAYLOAD_KEY_ID'>,
  deps: ActivityDeps,
  options: Partial<WorkerOptions> = {},
): Promise<{ worker: Worker; connection: NativeConnection }> {
  const connection = await NativeConnection.connect(temporalConnectionOptions(config));
  const worker = await Worker.create({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    ...(options.workflowBundle ? {} : { workflowsPath: WORKFLOWS_PATH }),
    activities: createActivities(deps),
    // Payload encryption; codecs run outside the workflow sandbox, the failure converter inside too.
    dataConverter: dataConverter(config),
    ...options,
  });
  return { worker, connection };
}
