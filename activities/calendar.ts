import type { Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/client';
import { SYSTEM_ACTOR, type Actor } from '../domain/case/actor';
import type { SchoolCalendar } from '../domain/calendar-school-holidays';
import { ZHZ_POLICY } from '../domain/policy';
import type { Db } from '../prisma/client';
import { calendarRecipients } from '../prisma/calendar-recipients';
import { coverageWarnings, loadSchoolCalendar, regionsInUse } from '../prisma/school-holidays';
import { calendarChangedSignal } from '../workflows/calendar-messages';

/** How many running workflows one broadcast signals at a time. */
const BROADCAST_CONCURRENCY = 8;

export function createCalendarActivities({ prisma, temporalClient }: { prisma: Db; temporalClient?: Client }) {
  return {
    /** The school calendar of a holiday region: reference data for a case's or a signal's deadlines. */
    async loadCalendar(args: { region: string }): Promise<SchoolCalendar> {
      return loadSchoolCalendar(prisma, args.region);
    },

    /**
     * Sends a region's current school calendar to every case and early signal that counts with it
     * (calendarRecipients). A workflow that closed meanwhile is skipped. Idempotent: a case keeps
     * the newest revision, so a retried broadcast changes nothing twice.
     */
    async broadcastCalendar(args: { region: string; actor?: Actor }): Promise<{ revision: number; signalled: number; skipped: number }> {
      if (!temporalClient) throw new Error('broadcastCalendar needs a Temporal client (the worker wires one)');
      const calendar = await loadSchoolCalendar(prisma, args.region);
      const ids = await calendarRecipients(prisma, args.region);
      let signalled = 0;
      let skipped = 0;
      const payload = { actor: args.actor ?? SYSTEM_ACTOR, input: calendar };
      for (let i = 0; i < ids.length; i += BROADCAST_CONCURRENCY) {
        await Promise.all(
          ids.slice(i, i + BROADCAST_CONCURRENCY).map(async (id) => {
            try {
              await temporalClient.workflow.getHandle(id).signal(calendarChangedSignal, payload);
              signalled++;
            } catch (err) {
              // Closed or never started (a melding whose workflow start failed): nothing to count again.
              if (err instanceof WorkflowNotFoundError) skipped++;
              else throw err;
            }
          }),
        );
      }
      return { revision: calendar.revision, signalled, skipped };
    },

    /**
     * Tells the functional administrator (a notification, role admin) about every region in use whose
     * school holidays do not cover the next twelve months; once per region and coverage end.
     */
    async checkCalendarCoverage(): Promise<{ warnings: number }> {
      const warnings = await coverageWarnings(prisma, await regionsInUse(prisma, ZHZ_POLICY.schoolHolidayRegion));
      if (warnings.length)
        await prisma.notification.createMany({
          data: warnings.map((w) => ({
            id: `schoolvakanties-dekking:${w.region}:${w.coveredUntil ?? 'geen'}`,
            caseId: `schoolvakanties:${w.region}`,
            recipientRole: 'admin',
            recipientId: null,
            topic: 'schoolvakanties-onvolledig',
            message: w.message,
          })),
          skipDuplicates: true,
        });
      return { warnings: warnings.length };
    },
  };
}
