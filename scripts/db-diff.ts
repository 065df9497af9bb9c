/**
 * `npm run db:diff -- <name>`: writes a new migration with the SQL from the applied migrations to
 * prisma/schema.prisma. The JS schema engine has no shadow database, so `prisma migrate dev` is
 * not available; this starts a throw-away embedded PostgreSQL, applies the migrations, and diffs.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './dev/free-port';
import { migrate, PRISMA_NO_ENGINE_ENV } from './dev/migrate';
import { startEmbeddedPostgres } from './dev/postgres';

async function main() {
  const name = process.argv[2];
  if (!name || !/^[a-z0-9_]+$/.test(name)) {
    process.stderr.write('usage: npm run db:diff -- <name in lower_snake_case>\n');
    process.exit(2);
  }
  const root = path.resolve(__dirname, '..');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'verzuimregie-diff-'));
  const pg = await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'pg'), port: await freePort(), ephemeral: true });
  try {
    await migrate(pg.url);
    // The JS schema engine cannot diff from a live database, so introspect the migrated database
    // into a datamodel (db pull) and diff that datamodel against the schema.
    const prisma = (args: string[]) =>
      execFileSync(path.join(root, 'node_modules', '.bin', 'prisma'), args, {
        cwd: root,
        env: { ...process.env, ...PRISMA_NO_ENGINE_ENV, DATABASE_URL: pg.url },
        stdio: ['ignore', 'pipe', 'inherit'],
      }).toString();
    const pulled = prisma(['db', 'pull', '--print']);
    const current = path.join(dataDir, 'migrated.prisma');
    fs.writeFileSync(current, pulled.slice(pulled.indexOf('generator ')));
    const sql = prisma(['migrate', 'diff', '--from-schema-datamodel', current, '--to-schema-datamodel', 'prisma/schema.prisma', '--script']);
    if (!sql.replace(/--.*$/gm, '').trim()) {
      process.stdout.write('the schema matches the migrations: nothing to write\n');
      return;
    }
    const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
    const dir = path.join(root, 'prisma', 'migrations', `${stamp}_${name}`);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'migration.sql'), sql);
    process.stdout.write(`wrote ${path.relative(root, dir)}/migration.sql\n`);
  } finally {
    await pg.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  process.stderr.write(`db:diff failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
