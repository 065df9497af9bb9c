import { createPrisma, type Db } from '../../prisma/client';
import { createPgPool } from '../../prisma/pg-pool';
import { eventually } from '../support/eventually';
import { uniqueId } from '../support/fixtures';
import { stack } from '../support/stack-env';

/**
 * A statement that outlives the API's deadline (`query_timeout`) inside a transaction, while its
 * server does not answer (one backend stopped with SIGSTOP, as `npm run chaos` freezes all of
 * PostgreSQL): the transaction fails at once, and when the server answers again its lock is gone and
 * the pool has its connection slot back. Before, the connection stayed checked out for good, idle in
 * that transaction, and every later melding for the youth timed out on the youth's advisory lock.
 */
describe('a PostgreSQL statement past its deadline inside a transaction', () => {
  const timeoutMs = 800;
  const pool = createPgPool(stack().databaseUrl, { max: 4, connectTimeoutMs: timeoutMs, connectionTimeoutMillis: 5_000, query_timeout: timeoutMs, statement_timeout: timeoutMs });
  let prisma: Db;
  let other: Db;
  beforeAll(() => {
    prisma = createPrisma(stack().databaseUrl, pool);
    other = createPrisma(stack().databaseUrl);
  });
  afterAll(async () => Promise.all([prisma?.$disconnect(), other?.$disconnect()]));

  test("leaves no lock behind once the server answers again, and the pool gets the connection's slot back", async () => {
    const key = `timeout-test:${uniqueId('youth')}`;
    let backend = 0;
    const failed = prisma
      .$transaction(async (tx) => {
        backend = (await tx.$queryRaw<{ pid: number }[]>`SELECT pg_backend_pid() AS pid`)[0]!.pid;
        process.kill(backend, 'SIGSTOP');
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${key}))`;
      })
      .then(
        () => null,
        (err: unknown) => err,
      );
    try {
      expect(String(await failed)).toMatch(/Query read timeout/);
    } finally {
      if (backend) process.kill(backend, 'SIGCONT');
    }
    // Awake, the server ran the lock statement, then found its client gone: the transaction ends.
    await eventually(
      async () => (await other.$transaction((tx) => tx.$queryRaw<{ free: boolean }[]>`SELECT pg_try_advisory_xact_lock(hashtext(${key})) AS free`))[0]!.free,
      (free) => free,
      { timeoutMs: 10_000, what: `the advisory lock ${key} to be free again` },
    );
    await eventually(
      async () => ({ total: pool.totalCount, idle: pool.idleCount }),
      (p) => p.total === p.idle,
      { timeoutMs: 5_000, what: 'no connection left checked out of the pool' },
    );
    // And the pool serves again.
    expect(await prisma.$queryRaw<{ one: number }[]>`SELECT 1 AS one`).toEqual([{ one: 1 }]);
  });
});
