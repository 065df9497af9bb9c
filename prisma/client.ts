import v8 from 'node:v8';
import { PrismaPg } from '@prisma/adapter-pg';
import type pg from 'pg';
import { PrismaClient } from './generated/client';
import { createPgPool } from './pg-pool';

export type Db = PrismaClient;

/**
 * Prisma's query compiler is WebAssembly (2 MB), compiled by V8 when the client first connects:
 * quickly by Liftoff, then its hot functions again by TurboFan on background threads. That second
 * compilation cost 0.3 to 0.45 CPU-s per process and 2,000 queries did not earn it back (the same
 * CPU per query either way, simple and joined queries alike: `scripts/bench/prisma-open.ts`). The
 * api, the worker, the CLIs and every test file open Prisma, so it is Liftoff only, unless the
 * process was started with a Liftoff flag of its own. The flag is process-wide: WebAssembly
 * compiled after it is Liftoff only too (in our processes Prisma's is the one on a hot path).
 */
export function liftoffOnlyWasm(execArgv: string[] = process.execArgv): boolean {
  if (execArgv.some((a) => /^--(no-)?liftoff-only$/.test(a))) return false;
  v8.setFlagsFromString('--liftoff-only');
  return true;
}

/** The one way the project opens PostgreSQL through Prisma: Rust-free client on the pg adapter. */
export function createPrisma(databaseUrl: string, pool: pg.Pool = createPgPool(databaseUrl)): PrismaClient {
  liftoffOnlyWasm();
  // An idle connection that the server closes must not crash the process; the pool reconnects.
  pool.on('error', () => undefined);
  return new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
}

export { Prisma } from './generated/client';
