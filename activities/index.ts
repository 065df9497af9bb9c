import type { Db } from '../prisma/client';
import { createIntakeActivities } from './intake';
import { createNotificationActivities } from './notifications';
import { createProjectionActivities } from './projection';
import { createSchoolRequestActivities } from './school-requests';

export type ActivityDeps = { prisma: Db };

/** Every activity, built from its dependencies so tests and the worker wire the same code. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createIntakeActivities(deps),
    ...createProjectionActivities(deps),
    ...createNotificationActivities(deps),
    ...createSchoolRequestActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
