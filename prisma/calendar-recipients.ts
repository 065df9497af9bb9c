import { ZHZ_POLICY } from '../domain/policy';
import type { Db } from './client';

/**
 * The workflows a holiday region's new school calendar goes to: open cases and open early signals
 * that count with that region, and cases whose projection does not exist yet (just started), by
 * the region of their gemeente. Others would ignore it (a workflow keeps only its own region's
 * calendar), so they are not signalled: a national service has many regions, and a signal that
 * reached every just-started case wrote a calendar of another region (and another process's
 * payload key) into its history.
 */
export async function calendarRecipients(prisma: Db, region: string): Promise<string[]> {
  // A gemeente's holiday region: its region policy's, else the default policy's (ZHZ, which no region claims).
  const fallback = ZHZ_POLICY.schoolHolidayRegion;
  const rows = await prisma.$queryRaw<{ id: string }[]>`
    SELECT c.id FROM "Case" c WHERE c.phase <> 'afgesloten'
      AND COALESCE(c.state->'calendar'->>'region', c.state->'policy'->>'schoolHolidayRegion', ${fallback}) = ${region}
    UNION
    SELECT m."caseId" FROM "Melding" m
      WHERE NOT EXISTS (SELECT 1 FROM "Case" c WHERE c.id = m."caseId")
      AND COALESCE((SELECT rp.policy->>'schoolHolidayRegion' FROM "RegionPolicy" rp WHERE m.gemeente = ANY(rp.gemeenten) LIMIT 1), ${fallback}) = ${region}
    UNION
    SELECT s.id FROM "EarlySignal" s WHERE s.status = 'open'
      AND COALESCE(s.state->'calendar'->>'region', (SELECT rp.policy->>'schoolHolidayRegion' FROM "RegionPolicy" rp WHERE s.gemeente = ANY(rp.gemeenten) LIMIT 1), ${fallback}) = ${region}`;
  return rows.map((r) => r.id);
}
