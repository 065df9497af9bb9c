import { ZHZ_GEMEENTEN, ZHZ_POLICY, type RegionPolicy } from '../../domain/policy';
import type { Db } from '../../prisma/client';
import { Prisma } from '../../prisma/client';
import { HttpError } from '../errors';
import { contentVersion, saveIfVersion, type Tx } from './versions';

export type PolicyView = { regionId: string; gemeenten: string[]; policy: RegionPolicy; version: string };

/** The version of a region's policy: a hash of what PUT replaces, the policy and the gemeenten. */
const policyVersion = (p: { gemeenten: string[]; policy: unknown }) => contentVersion({ gemeenten: p.gemeenten, policy: p.policy });

const view = (row: { regionId: string; gemeenten: string[]; policy: unknown }): PolicyView => ({
  regionId: row.regionId,
  gemeenten: row.gemeenten,
  policy: row.policy as RegionPolicy,
  version: policyVersion(row),
});

export async function listPolicies(db: Db): Promise<PolicyView[]> {
  return (await db.regionPolicy.findMany({ orderBy: { regionId: 'asc' } })).map(view);
}

/**
 * One region's policy. The default region (ZHZ) before anyone saved it is what its gemeenten run
 * on, the defaults (policyForGemeente), with a version of its own: a save based on that read is
 * refused once someone else saved the region. Any other region not saved: null.
 */
export async function readPolicy(db: Db | Tx, regionId: string): Promise<(PolicyView & { saved: boolean }) | null> {
  const row = await db.regionPolicy.findUnique({ where: { regionId } });
  if (row) return { ...view(row), saved: true };
  if (regionId !== ZHZ_POLICY.regionId) return null;
  return { ...view({ regionId, gemeenten: ZHZ_GEMEENTEN.map((g) => g.code), policy: ZHZ_POLICY }), saved: false };
}

/**
 * Saves a region's policy when it is still at `expected` (If-Match: its version, or `*` for a
 * region that exists; undefined: whatever is stored). The check that no other region has these
 * gemeenten runs under the same lock, so two regions cannot claim one gemeente at once either.
 */
export async function savePolicy(prisma: Db, input: { policy: RegionPolicy; gemeenten: string[] }, expected?: string): Promise<PolicyView> {
  const { policy, gemeenten } = input;
  const regionId = policy.regionId;
  return saveIfVersion(prisma, {
    table: 'RegionPolicy',
    expected,
    current: async (tx) => (await readPolicy(tx, regionId))?.version ?? null,
    conflict: (current) =>
      current === null
        ? `region ${regionId} has no policy, so it is not at version ${expected}: it was removed since it was read, or never saved; read the regions again (GET /api/policies), or save it without If-Match to create it`
        : `the policy of region ${regionId} changed since it was read (version ${expected}, now ${current}); read it again (GET /api/policies/${regionId}) and apply the change to it`,
    write: async (tx) => {
      const taken = await tx.regionPolicy.findMany({ where: { regionId: { not: regionId }, gemeenten: { hasSome: gemeenten } } });
      if (taken.length) throw new HttpError(409, 'gemeente-in-other-region', `gemeenten already in region ${taken.map((t) => t.regionId).join(', ')}`);
      const json = policy as unknown as Prisma.InputJsonValue;
      return view(await tx.regionPolicy.upsert({ where: { regionId }, create: { regionId, gemeenten, policy: json }, update: { gemeenten, policy: json } }));
    },
  });
}
