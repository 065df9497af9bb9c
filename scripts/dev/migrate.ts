import { spawn } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..');

/** The placeholders that keep the Prisma CLI from downloading native engines it does not use. */
export const PRISMA_NO_ENGINE_ENV = {
  PRISMA_SCHEMA_ENGINE_BINARY: '/bin/false',
  PRISMA_QUERY_ENGINE_LIBRARY: '/dev/null',
  PRISMA_HIDE_UPDATE_MESSAGE: '1',
};

/** Applies prisma/migrations to the database (prisma migrate deploy on the JS schema engine). */
export function migrate(databaseUrl: string, log: (line: string) => void = () => undefined): Promise<void> {
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
