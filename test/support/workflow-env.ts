import { randomUUID } from 'node:crypto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkerOptions } from '@temporalio/worker';
import type { Transporter } from 'nodemailer';
import { temporal } from '@temporalio/proto';
import type { WorkflowHandle } from '@temporalio/client';
import { eventually } from './eventually';
import { createActivities, type Activities, type ActivityDeps } from '../../activities';
import { parseConfig } from '../../platform/config';
import { createMailer } from '../../platform/mailer';
import { createPrisma, type Db } from '../../prisma/client';
import { SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';
import type { CaseState } from '../../domain/case/state';
import type { CaseDriver } from './case-driver';
import { stack } from './stack-env';
import { startTimeSkippingServer } from './time-skipping-server';

const INDEXED: Record<string, temporal.api.enums.v1.IndexedValueType> = {
  KEYWORD: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  KEYWORD_LIST: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST,
  DATETIME: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
};

export type CaseTestEnv = {
  env: TestWorkflowEnvironment;
  prisma: Db;
  taskQueue: string;
  /** Starts the worker of a deferWorker environment, or a new one after stopWorker(), with options of its own (a no-op while one runs). */
  startWorker(options?: Pick<WorkerOptions, 'maxCachedWorkflows'>): Promise<void>;
  /** Shuts the worker down and waits until it has stopped: until startWorker(), no task of the queue is polled. */
  stopWorker(): Promise<void>;
  /** Runs fn; the worker polls the task queue for the whole file, and its failure fails fn. */
  withWorker<T>(fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
};

/**
 * Temporal's time-skipping test server (Java, from Maven Central) with the case workflow's search
 * attributes, a worker on the shared workflow bundle, and the real activities on PostgreSQL.
 */
export async function createCaseTestEnv(
  options: {
    mailer?: Transporter;
    config?: Partial<ActivityDeps['config']>;
    wrapActivities?: (a: Activities) => Activities;
    /** No worker until startWorker(): a test can start a workflow (and send it a query) before its first task is polled. */
    deferWorker?: boolean;
  } = {},
): Promise<CaseTestEnv> {
  const s = stack();
  const server = await startTimeSkippingServer(s.testServerPath);
  const env = server.env;
  await env.connection.operatorService.addSearchAttributes({
    namespace: env.namespace ?? 'default',
    searchAttributes: Object.fromEntries(SEARCH_ATTRIBUTES.map((k) => [k.name, INDEXED[k.type]!])),
  });
  const prisma = createPrisma(s.databaseUrl);
  const config = parseConfig({ NODE_ENV: 'test', DATABASE_URL: s.databaseUrl, BRP_URL: s.brpUrl });
  const taskQueue = `wf-test-${randomUUID()}`;
  // E-mail: the test configuration's defaults, discarded unless a test passes its own mailer (e.g. SMTP on loopback).
  // The test server's client: the calendar broadcast signals running cases through it.
  const activities = (options.wrapActivities ?? ((a) => a))(
    createActivities({ prisma, mailer: options.mailer ?? createMailer(config), config: { ...config, ...options.config }, temporalClient: env.client }),
  );
  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  let failure: unknown = null;
  const startWorker = async (workerOptions: Pick<WorkerOptions, 'maxCachedWorkflows'> = {}) => {
    if (worker) return;
    worker = await Worker.create({
      connection: env.nativeConnection,
      namespace: env.namespace ?? 'default',
      taskQueue,
      workflowBundle: { codePath: s.workflowBundlePath },
      activities,
      ...workerOptions,
    });
    running = worker.run();
    running.catch((err: unknown) => (failure = err));
  };
  const stopWorker = async () => {
    if (!worker) return;
    worker.shutdown();
    await running;
    worker = undefined;
    running = undefined;
  };
  if (!options.deferWorker) await startWorker();
  return {
    env,
    prisma,
    taskQueue,
    startWorker,
    stopWorker,
    async withWorker(fn) {
      const result = await fn();
      if (failure) throw failure;
      return result;
    },
    async close() {
      worker?.shutdown();
      await running?.catch(() => undefined);
      await server.stop();
      await prisma.$disconnect();
    },
  };
}

/**
 * Moves the test server's clock to `iso` (plus a margin), firing the timers on the way. The server
 * skips time only while nothing holds it (an outstanding workflow task or activity does: every
 * case that wakes on the way holds it while the worker takes its step, which takes a while on a
 * shared server under load); when something keeps holding it for good, it would wait the days in
 * real time: this throws after `realMs`, before the test's own timeout, saying why.
 */
export async function sleepUntil(env: TestWorkflowEnvironment, iso: string, plusMs = 60_000, realMs = 90_000): Promise<void> {
  const now = await env.currentTimeMs();
  let timer: NodeJS.Timeout | undefined;
  const stuck = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`sleepUntil: the test server did not move its clock to ${iso} within ${realMs / 1000} s; time skipping is held (a workflow task or an activity outstanding, or one held by a workflow that was ended while it ran: see endQuietly)`)),
      realMs,
    );
  });
  try {
    await Promise.race([env.sleep(Math.max(new Date(iso).getTime() - now + plusMs, 1)), stuck]);
  } finally {
    clearTimeout(timer);
  }
}

const EventType = temporal.api.enums.v1.EventType;
const TASK_ENDED = new Set([EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED, EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED, EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT]);

/**
 * Terminates or cancels a workflow once it has no activity and no workflow task outstanding. The
 * Java test server holds time skipping for each outstanding task and lets go of it when the task
 * completes; a task that completes after its workflow was ended never lets go ("Activity not found
 * on completion", "Task not found when completing"), and every later sleep of that server then
 * waits in real time. Throws, saying what was still outstanding, after `timeoutMs`.
 */
export async function endQuietly(handle: WorkflowHandle, how: 'terminate' | 'cancel' = 'terminate', timeoutMs = 20_000): Promise<void> {
  await eventually(
    async () => {
      const [described, history] = await Promise.all([handle.describe(), handle.fetchHistory()]);
      const events = history.events ?? [];
      const scheduled = events.map((e) => e.eventType).lastIndexOf(EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED);
      const taskOpen = scheduled >= 0 && !events.slice(scheduled).some((e) => TASK_ENDED.has(e.eventType!));
      const activities = (described.raw.pendingActivities ?? []).map((a) => a.activityType?.name);
      return { running: described.status.name === 'RUNNING', taskOpen, activities };
    },
    (s) => !s.running || (!s.taskOpen && s.activities.length === 0),
    { timeoutMs, what: `${handle.workflowId} to have no workflow task or activity outstanding before it is ended (${how})` },
  );
  await (how === 'cancel' ? handle.cancel() : handle.terminate());
}

/** Walks a fresh case through the onderzoek to the step given: the school answers, a hoorgesprek is held. */
export async function walkOnderzoek(
  env: TestWorkflowEnvironment,
  c: CaseDriver,
  to: 'hoorgesprek' | 'beoordeling' | 'route-keuze',
): Promise<CaseState> {
  const s0 = await c.waitFor((x) => x.step === 'school-informatie');
  await c.schoolAnswers({ requestId: s0.schoolRequest!.requestId });
  let s = await c.waitFor((x) => x.step === 'hoorgesprek');
  if (to === 'hoorgesprek') return s;
  const plannedFor = new Date((await env.currentTimeMs()) + 86_400_000).toISOString();
  await c.do('planHoorgesprek', { plannedFor, withYouth: true, location: 'Stadskantoor' });
  await sleepUntil(env, plannedFor, 3_600_000);
  s = await c.do('recordHoorgesprek', { outcome: 'gehouden', youthHeard: true, summary: 'Gesprek gevoerd met ouders en jongere' });
  if (to === 'beoordeling') return s;
  return c.do('recordJudgement', { verdict: 'ongeoorloofd', reasoning: 'Geen geldige reden voor het verzuim', helpNeeded: ['schoolmaatschappelijk werk'] });
}
