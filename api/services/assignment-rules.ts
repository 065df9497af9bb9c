import type { Db } from '../../prisma/client';
import { contentVersion, saveIfVersion, type Tx } from './versions';

export type StoredRule = { id: string; gemeente: string | null; schoolBrin: string | null; consultantId: string; teamLeadId: string | null };
export type NewRule = { gemeente?: string; schoolBrin?: string; consultantId: string; teamLeadId?: string };

/**
 * The version of a rule set: a hash of its content in a canonical order (rows by gemeente, then
 * BRIN: one rule per key). Row ids are left out, so saving the same rules again keeps the version.
 */
export function rulesVersion(rules: Pick<StoredRule, 'gemeente' | 'schoolBrin' | 'consultantId' | 'teamLeadId'>[]): string {
  const rows = rules.map((r) => [r.gemeente ?? '', r.schoolBrin ?? '', r.consultantId, r.teamLeadId ?? '']);
  const key = (r: string[]) => `${r[0]}\u0000${r[1]}`;
  rows.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  return contentVersion(rows);
}

export async function readRules(db: Db | Tx): Promise<{ items: StoredRule[]; version: string }> {
  const rows = await db.assignmentRule.findMany({ orderBy: [{ gemeente: 'asc' }, { schoolBrin: 'asc' }] });
  const items = rows.map(({ id, gemeente, schoolBrin, consultantId, teamLeadId }) => ({ id, gemeente, schoolBrin, consultantId, teamLeadId }));
  return { items, version: rulesVersion(items) };
}

/**
 * Replaces the whole rule set when it is still at `expected` (If-Match; undefined or `*`: any),
 * checked and replaced under the table's lock (saveIfVersion), so a rule another writer inserts
 * cannot slip in between check and delete.
 */
export async function replaceRules(prisma: Db, rules: NewRule[], expected?: string): Promise<{ count: number; version: string }> {
  return saveIfVersion(prisma, {
    table: 'AssignmentRule',
    expected,
    current: async (tx) => (await readRules(tx)).version,
    conflict: (current) =>
      `the assignment rules changed since they were read (version ${expected}, now ${current}); read them again (GET /api/assignment-rules) and apply the change to the current rules`,
    write: async (tx) => {
      await tx.assignmentRule.deleteMany({});
      const data = rules.map((x) => ({
        gemeente: x.gemeente ?? null,
        schoolBrin: x.schoolBrin ?? null,
        consultantId: x.consultantId,
        teamLeadId: x.teamLeadId ?? null,
      }));
      await tx.assignmentRule.createMany({ data });
      return { count: rules.length, version: rulesVersion(data) };
    },
  });
}
