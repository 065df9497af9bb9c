import { createHash } from 'node:crypto';
import type { Db } from '../../prisma/client';
import { HttpError } from '../errors';

export type StoredRule = { id: string; gemeente: string | null; schoolBrin: string | null; consultantId: string; teamLeadId: string | null };
export type NewRule = { gemeente?: string; schoolBrin?: string; consultantId: string; teamLeadId?: string };

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];

/**
 * The version of a rule set: a hash of its content in a canonical order (rows by gemeente, then
 * BRIN: one rule per key). Row ids are left out, so saving the same rules again keeps the version.
 */
export function rulesVersion(rules: Pick<StoredRule, 'gemeente' | 'schoolBrin' | 'consultantId' | 'teamLeadId'>[]): string {
  const rows = rules.map((r) => [r.gemeente ?? '', r.schoolBrin ?? '', r.consultantId, r.teamLeadId ?? '']);
  const key = (r: string[]) => `${r[0]}\u0000${r[1]}`;
  rows.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  return createHash('sha256').update(JSON.stringify(rows)).digest('hex').slice(0, 16);
}

/** The version as an HTTP entity tag, and back; `*` matches any version. */
export const etagOf = (version: string) => `"${version}"`;
export const versionOfEtag = (etag: string) => etag.replace(/^"|"$/g, '');

export async function readRules(db: Db | Tx): Promise<{ items: StoredRule[]; version: string }> {
  const rows = await db.assignmentRule.findMany({ orderBy: [{ gemeente: 'asc' }, { schoolBrin: 'asc' }] });
  const items = rows.map(({ id, gemeente, schoolBrin, consultantId, teamLeadId }) => ({ id, gemeente, schoolBrin, consultantId, teamLeadId }));
  return { items, version: rulesVersion(items) };
}

/**
 * Replaces the whole rule set when it is still at `expected` (If-Match; undefined or `*`: any).
 * Check and replace run in one transaction under a lock on the table that every writer of it
 * conflicts with (SHARE ROW EXCLUSIVE; readers go on), so two saves read from one version cannot
 * both pass the check, and a rule another writer inserts cannot slip in between check and delete.
 */
export async function replaceRules(prisma: Db, rules: NewRule[], expected?: string): Promise<{ count: number; version: string }> {
  return prisma.$transaction(
    async (tx) => {
      await tx.$executeRaw`LOCK TABLE "AssignmentRule" IN SHARE ROW EXCLUSIVE MODE`;
      if (expected !== undefined && expected !== '*') {
        const current = await readRules(tx);
        if (current.version !== expected) {
          throw new HttpError(409, 'conflict', `the assignment rules changed since they were read (version ${expected}, now ${current.version}); read them again (GET /api/assignment-rules) and apply the change to the current rules`, {
            version: current.version,
          }, { ETag: etagOf(current.version) });
        }
      }
      await tx.assignmentRule.deleteMany({});
      const data = rules.map((x) => ({ gemeente: x.gemeente ?? null, schoolBrin: x.schoolBrin ?? null, consultantId: x.consultantId, teamLeadId: x.teamLeadId ?? null }));
      await tx.assignmentRule.createMany({ data });
      return { count: rules.length, version: rulesVersion(data) };
    },
    // Under load a second save waits for the first one's lock: more than Prisma's 5 s default.
    { maxWait: 10_000, timeout: 30_000 },
  );
}
