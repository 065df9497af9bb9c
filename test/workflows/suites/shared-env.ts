import type { Activities } from '../../../activities';
import { startTestSmtp, type TestSmtp } from '../../support/smtp-server';
import { createCaseTestEnv, type CaseTestEnv } from '../../support/workflow-env';

/**
 * The one time-skipping server and worker that the suites of shared-server.test.ts run on (each
 * Java server warms up its own compiled code, and each worker loads the bundle: a server and
 * worker per suite cost about 4 CPU-s each). The school's e-mail goes to a real SMTP server on
 * loopback (a case without a melding's address sends none); its links name BASE. Every case reads
 * its times from the server's clock, which the suites before it have moved on.
 */
export const BASE = 'https://lvs.test';
export const FROM = 'Leerplicht ZHZ <leerplicht@lvs.test>';
export const DAY = 86_400_000;

// Assigned by the test file's beforeAll; the suites read them in their tests (live bindings).
export let t: CaseTestEnv;
export let smtp: TestSmtp;

const wrappers: ((a: Activities) => Activities)[] = [];
/**
 * A suite that must hold or fail an activity for its own cases wraps the worker's activities, as
 * it is imported (before the worker starts); the wrapper passes every other case's calls through.
 */
export function wrapSharedActivities(wrap: (a: Activities) => Activities): void {
  wrappers.push(wrap);
}

/** Starts them before the file's first test and stops them after its last: called once, by the test file. */
export function useSharedServer(): void {
  beforeAll(async () => {
    smtp = await startTestSmtp();
    t = await createCaseTestEnv({
      mailer: smtp.transport(),
      config: { PUBLIC_BASE_URL: BASE, SMTP_FROM: FROM },
      wrapActivities: (a) => wrappers.reduce((wrapped, wrap) => wrap(wrapped), a),
    });
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });
}
