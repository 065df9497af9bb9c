import fs from 'node:fs';
import type { Config } from './config';

export type TemporalConnectionConfig = Pick<
  Config,
  'TEMPORAL_ADDRESS' | 'TEMPORAL_TLS' | 'TEMPORAL_TLS_CA' | 'TEMPORAL_TLS_CERT' | 'TEMPORAL_TLS_KEY' | 'TEMPORAL_TLS_SERVER_NAME' | 'TEMPORAL_API_KEY'
>;

type TlsOptions = {
  serverNameOverride?: string;
  serverRootCACertificate?: Buffer;
  clientCertPair?: { crt: Buffer; key: Buffer };
};

/**
 * How the api, the worker and the scripts reach Temporal: plain on loopback and in the compose
 * network; TLS with a client certificate (mTLS, a self-hosted cluster or Temporal Cloud), or TLS
 * with an API key (Temporal Cloud). The same options serve the client's Connection and the
 * worker's NativeConnection, which take this shape alike.
 */
export function temporalConnectionOptions(config: TemporalConnectionConfig): { address: string; tls?: TlsOptions | true; apiKey?: string } {
  const read = (file: string | undefined) => (file ? fs.readFileSync(file) : undefined);
  const crt = read(config.TEMPORAL_TLS_CERT);
  const key = read(config.TEMPORAL_TLS_KEY);
  const ca = read(config.TEMPORAL_TLS_CA);
  const wantsTls = config.TEMPORAL_TLS || Boolean(crt) || Boolean(config.TEMPORAL_API_KEY);
  if (!wantsTls) return { address: config.TEMPORAL_ADDRESS };
  const tls: TlsOptions = {
    ...(config.TEMPORAL_TLS_SERVER_NAME ? { serverNameOverride: config.TEMPORAL_TLS_SERVER_NAME } : {}),
    ...(ca ? { serverRootCACertificate: ca } : {}),
    ...(crt && key ? { clientCertPair: { crt, key } } : {}),
  };
  return {
    address: config.TEMPORAL_ADDRESS,
    tls: Object.keys(tls).length ? tls : true,
    ...(config.TEMPORAL_API_KEY ? { apiKey: config.TEMPORAL_API_KEY } : {}),
  };
}
