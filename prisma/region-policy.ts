import { RegionPolicySchema, ZHZ_POLICY, type RegionPolicy } from '../domain/policy';
import type { Db } from './client';

/** The policy of the region a gemeente belongs to; the ZHZ defaults when no region claims it. */
export async function policyForGemeente(prisma: Db, gemeente: string): Promise<RegionPolicy> {
  const row = await prisma.regionPolicy.findFirst({ where: { gemeenten: { has: gemeente } } });
  return row ? RegionPolicySchema.parse(row.policy) : ZHZ_POLICY;
}
