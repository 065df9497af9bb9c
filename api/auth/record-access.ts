import type { Db } from '../../prisma/client';
import type { Logger } from '../../platform/logger';
import type { AccessRecord } from './access-log';

/** Appends one access-log row; a failure is logged loudly but never turns a served answer into an error. */
export function recordAccess(prisma: Db, log: Logger) {
  return async (r: AccessRecord): Promise<void> => {
    try {
      await prisma.accessLog.create({ data: r });
    } catch (err) {
      log.error({ err, activity: r.activity, caseId: r.caseId }, 'could not write the access log');
    }
  };
}
