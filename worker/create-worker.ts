import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../activities';
import type { Config } from '../platform/config';
import { dataConverter } from '../platform/payload-codec';
import { temporalConnectionOptions, type TemporalConnectionConfig } from '../platform/temporal-connection';
import { workerTuning, type TuningConfig } from './tuning';
import { workflowBundle } from './workflow-bundle';

export { WORKFLOWS_PATH } from './workflow-bundle';

/**
 * The worker for case workflows, on the prebuilt workflow bundle (dist/workflow-bundle.js): a
 * stale one is rebuilt first, except in production, where it is refused (`npm run build:bundle`
 * belongs to the build). Tests may pass a bundle of their own.
 */
export async function createWorker(
  config: TemporalConnectionConfig & Pick<Config, 'TEMPORAL_NAMESPACE' | 'TEMPORAL_TASK_QUEUE' | 'NODE_ENV' | 'PAYLOAD_KEYS' | 'PAYLOAD_KEY_ID'> & TuningConfig,
  deps: ActivityDeps,
  options: Partial<WorkerOptions> = {},
  log: (line: string) => void = () => undefined,
): Promise<{ worker: Worker; connection: NativeConnection }> {
  const bundle = (options.workflowBundle ?? options.workflowsPath) ? {} : { workflowBundle: await workflowBundle({ rebuild: config.NODE_ENV !== 'production', log }) };
  const connection = await NativeConnection.connect(temporalConnectionOptions(config));
  const worker = await Worker.create({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    ...bundle,
    // The cache and the concurrency limits (worker/tuning.ts).
    ...workerTuning(config),
    activities: createActivities(deps),
    // Payload encryption; codecs run outside the workflow sandbox, the failure converter inside too.
    dataConverter: dataConverter(config),
    ...options,
  });
  return { worker, connection };
}
