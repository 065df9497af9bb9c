import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseConfig } from '../../platform/config';
import { temporalConnectionOptions } from '../../platform/temporal-connection';

const base = { DATABASE_URL: 'postgresql://u:p@localhost/db', TEMPORAL_ADDRESS: 'temporal.example:7233' };

describe('how the processes connect to Temporal', () => {
  it('is plain by default (loopback, the compose network)', () => {
    expect(temporalConnectionOptions(parseConfig(base))).toEqual({ address: 'temporal.example:7233' });
  });

  it('uses TLS with the system CAs when asked, and with an API key (Temporal Cloud)', () => {
    expect(temporalConnectionOptions(parseConfig({ ...base, TEMPORAL_TLS: 'true' }))).toEqual({ address: 'temporal.example:7233', tls: true });
    expect(temporalConnectionOptions(parseConfig({ ...base, TEMPORAL_API_KEY: 'key-123' }))).toEqual({ address: 'temporal.example:7233', tls: true, apiKey: 'key-123' });
  });

  it('reads the client certificate, key and CA for mTLS', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tls-'));
    const file = (name: string, text: string) => (fs.writeFileSync(path.join(dir, name), text), path.join(dir, name));
    const config = parseConfig({
      ...base,
      TEMPORAL_TLS_CERT: file('client.pem', 'CERT'),
      TEMPORAL_TLS_KEY: file('client.key', 'KEY'),
      TEMPORAL_TLS_CA: file('ca.pem', 'CA'),
      TEMPORAL_TLS_SERVER_NAME: 'frontend.temporal',
    });
    const options = temporalConnectionOptions(config);
    fs.rmSync(dir, { recursive: true, force: true });
    expect(options.tls).toEqual({
      serverNameOverride: 'frontend.temporal',
      serverRootCACertificate: Buffer.from('CA'),
      clientCertPair: { crt: Buffer.from('CERT'), key: Buffer.from('KEY') },
    });
  });

  it('refuses a certificate without its key, and a TEMPORAL_TLS that is not true or false', () => {
    expect(() => parseConfig({ ...base, TEMPORAL_TLS_CERT: '/x.pem' })).toThrow(/TEMPORAL_TLS_KEY: TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY go together/);
    expect(() => parseConfig({ ...base, TEMPORAL_TLS: 'yes' })).toThrow(/TEMPORAL_TLS/);
  });
});
