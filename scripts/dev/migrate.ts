import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';

const root = path.resolve(__dirname, '..', '..');
export const MIGRATIONS_DIR = path.join(root, 'prisma', 'migrations');

/** The placeholders that keep the Prisma CLI from downloading native engines it does not use. */
export const PRISMA_NO_ENGINE_ENV = {
  PRISMA_SCHEMA_ENGINE_BINARY: '/bin/false',
  PRISMA_QUERY_ENGINE_LIBRARY: '/dev/null',
  PRISMA_HIDE_UPDATE_MESSAGE: '1',
};

/** The migration folders in prisma/migrations, oldest first. */
export function migrationNames(): string[] {
  return fs
    .readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(MIGRATIONS_DIR, d.name, 'migration.sql')))
    .map((d) => d.name)
    .sort();
}

function migrationChecksum(name: string): string {
  return createHash('sha256').update(fs.readFileSync(path.join(MIGRATIONS_DIR, name, 'migration.sql'))).digest('hex');
}

/**
 * The migrations not yet applied, read from Prisma's own bookkeeping table; all of them when the
 * table is not there. A query of milliseconds, where the Prisma CLI needs 10 s or more to say
 * there is nothing to do.
 */
export async function pendingMigrations(databaseUrl: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const exists = await client.query(`SELECT to_regclass('_prisma_migrations') IS NOT NULL AS present`);
    if (!exists.rows[0]?.present) return migrationNames();
    const applied = await client.query<{ migration_name: string; checksum: string }>(
      'SELECT migration_name, checksum FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
    );
    // Prisma's checksum is the sha256 of migration.sql: an edited migration is Prisma's to report.
    const done = new Set(applied.rows.map((r) => `${r.migration_name}:${r.checksum}`));
    return migrationNames().filter((m) => !done.has(`${m}:${migrationChecksum(m)}`));
  } finally {
    await client.end();
  }
}

/**
 * Applies prisma/migrations to the database (prisma migrate deploy on the JS schema engine), unless
 * every migration is applied already.
 */
export async function migrate(databaseUrl: string, log: (line: string) => void = () => undefined): Promise<void> {
  const pending = await pendingMigrations(databaseUrl).catch(() => null); // when unsure, Prisma decides
  if (pending && pending.length === 0) {
    log(`all ${migrationNames().length} migrations are applied`);
    return;
  }
  await prismaMigrateDeploy(databaseUrl, log);
}

function prismaMigrateDeploy(databaseUrl: string, log: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(root, 'node_modules', '.bin', 'prisma'), ['migrate', 'deploy'], {
      cwd: root,
      env: { ...process.env, ...PRISMA_NO_ENGINE_ENV, DATABASE_URL: databaseUrl },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const collect = (b: Buffer) => { output += b; for (const l of b.toString().split('\n')) if (l.trim()) log(l); };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`prisma migrate deploy failed:\n${output}`))));
  });
}
