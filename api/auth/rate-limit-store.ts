import { createHash } from 'node:crypto';
import type { Options, Store, IncrementResponse, ClientRateLimitInfo } from 'express-rate-limit';
import type { Db } from '../../prisma/client';

/**
 * Rate-limit counters in PostgreSQL, shared by every API instance (issue 16): one row per key with
 * a fixed window. An increment is one atomic upsert, so instances behind a load balancer count
 * together. Keys are hashed: addresses and token subjects never stand in the table as they are.
 */
export type RateCounter = { hits: number; resetAt: Date };

const hashed = (key: string) => createHash('sha256').update(key).digest('base64url').slice(0, 43);

export async function hit(prisma: Db, key: string, windowMs: number): Promise<RateCounter> {
  const rows = await prisma.$queryRaw<{ hits: number; resetAt: Date }[]>`
    INSERT INTO "RateLimitCounter" ("key", "hits", "resetAt")
    VALUES (${hashed(key)}, 1, now() + ${windowMs} * interval '1 millisecond')
    ON CONFLICT ("key") DO UPDATE SET
      "hits" = CASE WHEN "RateLimitCounter"."resetAt" <= now() THEN 1 ELSE "RateLimitCounter"."hits" + 1 END,
      "resetAt" = CASE WHEN "RateLimitCounter"."resetAt" <= now() THEN EXCLUDED."resetAt" ELSE "RateLimitCounter"."resetAt" END
    RETURNING "hits", "resetAt"`;
  const row = rows[0]!;
  // Now and then, windows long gone are removed (any instance may do it; it is idempotent).
  if (Math.random() < 0.01) void prisma.$executeRaw`DELETE FROM "RateLimitCounter" WHERE "resetAt" < now() - interval '1 hour'`.catch(() => undefined);
  return { hits: Number(row.hits), resetAt: row.resetAt };
}

export async function peek(prisma: Db, key: string): Promise<RateCounter | undefined> {
  const rows = await prisma.$queryRaw<{ hits: number; resetAt: Date }[]>`
    SELECT "hits", "resetAt" FROM "RateLimitCounter" WHERE "key" = ${hashed(key)} AND "resetAt" > now()`;
  return rows[0] ? { hits: Number(rows[0].hits), resetAt: rows[0].resetAt } : undefined;
}

/** Seconds until a window ends, for Retry-After (at least 1). */
export const retryAfterSeconds = (c: RateCounter) => Math.max(1, Math.ceil((c.resetAt.getTime() - Date.now()) / 1000));

/** The same counters as a store for express-rate-limit (the school links' limiter). */
export class PostgresRateLimitStore implements Store {
  private windowMs = 60_000;
  readonly localKeys = false;
  constructor(
    private readonly prisma: Db,
    readonly prefix: string,
  ) {}
  init(options: Options): void {
    this.windowMs = options.windowMs;
  }
  async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    const c = await peek(this.prisma, this.prefix + key);
    return c && { totalHits: c.hits, resetTime: c.resetAt };
  }
  async increment(key: string): Promise<IncrementResponse> {
    const c = await hit(this.prisma, this.prefix + key, this.windowMs);
    return { totalHits: c.hits, resetTime: c.resetAt };
  }
  async decrement(key: string): Promise<void> {
    await this.prisma.$executeRaw`UPDATE "RateLimitCounter" SET "hits" = GREATEST("hits" - 1, 0) WHERE "key" = ${hashed(this.prefix + key)}`;
  }
  async resetKey(key: string): Promise<void> {
    await this.prisma.$executeRaw`DELETE FROM "RateLimitCounter" WHERE "key" = ${hashed(this.prefix + key)}`;
  }
}
