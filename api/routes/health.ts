import { Router } from 'express';
import type { Client } from '@temporalio/client';
import type { Db } from '../../prisma/client';
import { ZHZ_POLICY } from '../../domain/policy';
import { coverageWarnings, regionsInUse } from '../../prisma/school-holidays';

/**
 * /health: the process is alive. /ready: Temporal and PostgreSQL answer; `calendar` says whether the
 * school holidays in use reach a year ahead (a detail for the administrator, not a reason to stop traffic).
 */
export function healthRouter({ prisma, client }: { prisma: Db; client: Client }): Router {
  const r = Router();
  r.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  r.get('/ready', async (_req, res) => {
    const check = async (fn: () => Promise<unknown>) => {
      try {
        await Promise.race([fn(), new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 3000))]);
        return 'ok';
      } catch {
        return 'unavailable';
      }
    };
    const [postgres, temporal] = await Promise.all([
      check(() => prisma.$queryRaw`SELECT 1`),
      check(() => client.workflowService.getSystemInfo({})),
    ]);
    const ready = postgres === 'ok' && temporal === 'ok';
    let calendar: string | string[] = 'unknown';
    if (postgres === 'ok') {
      try {
        const warnings = await coverageWarnings(prisma, await regionsInUse(prisma, ZHZ_POLICY.schoolHolidayRegion));
        calendar = warnings.length ? warnings.map((w) => w.message) : 'ok';
      } catch {
        calendar = 'unknown';
      }
    }
    if (!ready) res.set('Retry-After', '5');
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not-ready', postgres, temporal, calendar });
  });
  return r;
}
