import { randomUUID } from 'node:crypto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import { createActivities } from '../../activities';
import { createPrisma, type Db } from '../../prisma/client';
import { SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';
import { stack } from './stack-env';

const INDEXED: Record<string, temporal.api.enums.v1.IndexedValueType> = {
  KEYWORD: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  KEYWORD_LIST: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST,
  DATETIME: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
};

export type CaseTestEnv = {
  env: TestWorkflowEnvironment;
  prisma: Db;
  taskQueue: string;
  /** Runs fn; the worker polls the task queue for the whole file, and its failure fails fn. */
  withWorker<T>(fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
};

/**
 * Temporal's time-skipping test server (Java, from Maven Central) with the case workflow's search
 * attributes, a worker on the shared workflow bundle, and the real activities on PostgreSQL.
 */
export async function createCaseTestEnv(): Promise<CaseTestEnv> {
  const s = stack();
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: s.testServerPath } },
  });
  await env.connection.operatorService.addSearchAttributes({
    namespace: env.namespace ?? 'default',
    searchAttributes: Object.fromEntries(SEARCH_ATTRIBUTES.map((k) => [k.name, INDEXED[k.type]!])),
  });
  const prisma = createPrisma(s.databaseUrl);
  const taskQueue = `wf-test-${randomUUID()}`;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    workflowBundle: { codePath: s.workflowBundlePath },
    activities: createActivities({ prisma }),
  });
  const running = worker.run();
  let failure: unknown = null;
  running.catch((err: unknown) => (failure = err));
  return {
    env,
    prisma,
    taskQueue,
    async withWorker(fn) {
      const result = await fn();
      if (failure) throw failure;
      return result;
    },
    async close() {
      worker.shutdown();
      await running.catch(() => undefined);
      await env.teardown();
      await prisma.$disconnect();
    },
  };
}
