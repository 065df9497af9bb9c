import { PrismaPg } from '@prisma/adapter-pg';
import type pg from 'pg';
import { PrismaClient } from './generated/client';
import { createPgPool } from './pg-pool';

export type Db = PrismaClient;

/** The one way the project opens PostgreSQL through Prisma: Rust-free client on the pg adapter. */
export function createPrisma(databaseUrl: string, pool: pg.Pool = createPgPool(databaseUrl)): PrismaClient {
  // An idle connection that the server closes must not crash the process; the pool reconnects.
  pool.on('error', () => undefined);
  return new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
}

export { Prisma } from './generated/client';
