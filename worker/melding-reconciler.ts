import type { Client } from '@temporalio/client';
import type { Config } from '../platform/config';
import type { Logger } from '../platform/logger';
import { reconcileMeldingen } from '../platform/melding-delivery';
import type { Db } from '../prisma/client';

/**
 * Issue 11, observation 7: an API that dies between storing a melding and starting its case left
 * the melding without a case until the school happened to send it again. The worker looks every
 * MELDING_RECONCILE_INTERVAL_MS for meldingen stored at least MELDING_RECONCILE_AFTER_MS ago that
 * never reached their case and delivers them (idempotent, so several workers may do it at once).
 * A melding is therefore in its case within about a minute of the crash.
 */
export function startMeldingReconciler(
  deps: { prisma: Db; client: Client; config: Pick<Config, 'TEMPORAL_TASK_QUEUE' | 'MELDING_RECONCILE_INTERVAL_MS' | 'MELDING_RECONCILE_AFTER_MS'> },
  log: Logger,
): { stop(): Promise<void> } {
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  const pass = async () => {
    try {
      const { delivered, failed } = await reconcileMeldingen(deps, {
        minAgeMs: deps.config.MELDING_RECONCILE_AFTER_MS,
        log: (attrs, msg) => log.warn(attrs, msg),
      });
      if (delivered || failed) log.info({ delivered, failed }, 'melding reconciler pass');
    } catch (err) {
      // PostgreSQL or Temporal away for a moment: the next pass tries again.
      log.warn({ err: err instanceof Error ? err.message : String(err) }, 'melding reconciler pass failed');
    }
  };
  const timer = setInterval(() => {
    if (!stopped) running = running.then(pass);
  }, deps.config.MELDING_RECONCILE_INTERVAL_MS);
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
