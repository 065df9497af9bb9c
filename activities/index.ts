import type { Client } from '@temporalio/client';
import type { Transporter } from 'nodemailer';
import type { Db } from '../prisma/client';
import { readReferenceData, type ReferenceData } from '../prisma/reference-data';
import { createCalendarActivities } from './calendar';
import { HEARTBEATING_ACTIVITIES } from '../workflows/heartbeating-activities';
import { withHeartbeats } from './heartbeat';
import { createEarlySignalActivities } from './early-signals';
import { createIntakeActivities } from './intake';
import { createLetterService } from './letters';
import { createPersonsRegister } from './persons';
import { createBrpClient, type BrpClient, type BrpConfig } from './persons-brp';
import { createNotificationActivities } from './notifications';
import { createProjectionActivities } from './projection';
import { createRetentionActivities } from './retention';
import { createSchoolRequestActivities, type SchoolMailConfig } from './school-requests';

/**
 * mailer: SMTP, or the development catcher (platform/mailer.ts); config: what the e-mails to schools need;
 * temporalClient: for retention, which deletes workflow histories (optional: the worker process wires it);
 * brp: the persons register (Haal Centraal BRP), by default from config.BRP_URL (unset: no BRP);
 * reference: policies, calendars and assignment rules, by default read from PostgreSQL every time
 * (the worker process keeps them, prisma/reference-data.ts).
 */
export type ActivityDeps = {
  prisma: Db;
  mailer: Transporter;
  config: SchoolMailConfig & Partial<BrpConfig>;
  temporalClient?: Client;
  brp?: BrpClient | null;
  reference?: ReferenceData;
};

/** Every activity, built from its dependencies so tests and the worker wire the same code. */
export function createActivities(given: ActivityDeps) {
  const deps = { ...given, reference: given.reference ?? readReferenceData(given.prisma) };
  const persons = createPersonsRegister({ prisma: deps.prisma, brp: deps.brp !== undefined ? deps.brp : createBrpClient(deps.config) });
  const letters = createLetterService({ prisma: deps.prisma, persons });
  const school = createSchoolRequestActivities(deps);
  // The remote effect activities heartbeat: the one list is also where their workflow options come from.
  const activities = {
    generateLetters: letters.generateLetters,
    ...createIntakeActivities(deps),
    ...createProjectionActivities(deps),
    ...createNotificationActivities(deps),
    requestSchoolInformation: school.requestSchoolInformation,
    sendSchoolReminder: school.sendSchoolReminder,
    ...createRetentionActivities(deps),
    ...createEarlySignalActivities(deps),
    ...createCalendarActivities(deps),
  };
  return withHeartbeats(activities, HEARTBEATING_ACTIVITIES);
}

export type Activities = ReturnType<typeof createActivities>;
