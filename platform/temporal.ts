import { Client, Connection } from '@temporalio/client';
import type { Config } from './config';
import type { Logger } from './logger';
import { dataConverter } from './payload-codec';
import { deadlineInterceptors, type CallDeadlines } from './temporal-deadlines';

/** The Temporal client the API (and scripts) use: one connection per process, payloads encrypted (platform/payload-codec.ts). */
export async function connectClient(
  config: Pick<Config, 'TEMPORAL_ADDRESS' | 'TEMPORAL_NAMESPACE' | 'NODE_ENV' | 'PAYLOAD_KEYS' | 'PAYLOAD_KEY_ID'>,
  log?: Pick<Logger, 'warn'>,
  options: { deadlines?: CallDeadlines } = {},
): Promise<Client> {
  const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS, ...(options.deadlines && { interceptors: deadlineInterceptors(options.deadlines) }) });
  return new Client({ connection, namespace: config.TEMPORAL_NAMESPACE, dataConverter: dataConverter(config, log) });
}
