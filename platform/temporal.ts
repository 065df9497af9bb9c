import { Client, Connection } from '@temporalio/client';
import type { Config } from './config';
import type { Logger } from './logger';
import { dataConverter } from './payload-codec';
import { stepRetryInterceptor } from './step-retry';
import { deadlineInterceptors, type CallDeadlines } from './temporal-deadlines';
import { temporalConnectionOptions, type TemporalConnectionConfig } from './temporal-connection';

/** The Temporal client the API (and scripts) use: one connection per process, payloads encrypted (platform/payload-codec.ts). */
export async function connectClient(
  config: TemporalConnectionConfig & Pick<Config, 'TEMPORAL_NAMESPACE' | 'NODE_ENV' | 'PAYLOAD_KEYS' | 'PAYLOAD_KEY_ID'>,
  log?: Pick<Logger, 'warn'>,
  options: { deadlines?: CallDeadlines } = {},
): Promise<Client> {
  const connection = await Connection.connect({ ...temporalConnectionOptions(config), ...(options.deadlines && { interceptors: deadlineInterceptors(options.deadlines) }) });
  return new Client({ connection, namespace: config.TEMPORAL_NAMESPACE, dataConverter: dataConverter(config, log), interceptors: { workflow: [stepRetryInterceptor()] } });
}
