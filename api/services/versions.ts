import { createHash } from 'node:crypto';
import type { Db } from '../../prisma/client';
import { HttpError } from '../errors';

/**
 * Optimistic concurrency for what an administrator saves whole (the assignment rules, a region's
 * policy): the version is a hash of the content, sent as ETag and taken back as If-Match, and a
 * save checks it under a table lock in the same transaction as its write.
 */

export type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];

/** JSON with object keys sorted (undefined left out, as JSON leaves it): PostgreSQL's jsonb does not keep key order. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, (v as Record<string, unknown>)[k]]),
        )
      : v,
  );
}

/** The version of a content: 16 hex digits of its SHA-256. Saving the same content again keeps it. */
export const contentVersion = (value: unknown): string => createHash('sha256').update(canonicalJson(value)).digest('hex').slice(0, 16);

/** The version as an HTTP entity tag, and back. */
export const etagOf = (version: string) => `"${version}"`;
export const versionOfEtag = (etag: string) => etag.replace(/^"|"$/g, '');

/** 409 for a save based on an out-of-date read: the current version in the body and as ETag (null: nothing stored). */
export const versionConflict = (message: string, current: string | null) =>
  new HttpError(409, 'conflict', message, { version: current }, current === null ? undefined : { ETag: etagOf(current) });

/** The tables saved whole under If-Match; each save locks its table (see saveIfVersion). */
type VersionedTable = 'AssignmentRule' | 'RegionPolicy';

/**
 * Writes only when what is stored is still at `expected` (If-Match: a version, or `*` for anything
 * stored; undefined: no check). Check and write run in one transaction under a lock on the table
 * that every writer of it conflicts with (SHARE ROW EXCLUSIVE; readers go on), so two saves read
 * from one version cannot both pass the check, and no row another writer adds slips in between.
 */
export async function saveIfVersion<T>(
  prisma: Db,
  o: {
    table: VersionedTable;
    expected: string | undefined;
    /** The version stored now; null when nothing is. */
    current: (tx: Tx) => Promise<string | null>;
    /** The conflict's message, given the version stored now. */
    conflict: (current: string | null) => string;
    write: (tx: Tx) => Promise<T>;
  },
): Promise<T> {
  return prisma.$transaction(
    async (tx) => {
      // The name comes from VersionedTable above, never from a request.
      await tx.$executeRawUnsafe(`LOCK TABLE "${o.table}" IN SHARE ROW EXCLUSIVE MODE`);
      if (o.expected !== undefined) {
        const current = await o.current(tx);
        if (o.expected === '*' ? current === null : current !== o.expected) throw versionConflict(o.conflict(current), current);
      }
      return o.write(tx);
    },
    // Under load a second save waits for the first one's lock: more than Prisma's 5 s default.
    { maxWait: 10_000, timeout: 30_000 },
  );
}
