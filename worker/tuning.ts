import v8 from 'node:v8';
import type { WorkerOptions } from '@temporalio/worker';
import type { Config } from '../platform/config';

export type TuningConfig = Partial<
  Pick<
    Config,
    | 'WORKER_MAX_CACHED_WORKFLOWS'
    | 'WORKER_DATABASE_POOL_SIZE'
    | 'WORKER_MAX_CONCURRENT_WORKFLOW_TASKS'
    | 'WORKER_MAX_CONCURRENT_LOCAL_ACTIVITIES'
    | 'WORKER_MAX_CONCURRENT_ACTIVITIES'
  >
>;

export type WorkerTuning = Pick<
  WorkerOptions,
  | 'maxCachedWorkflows'
  | 'maxConcurrentWorkflowTaskExecutions'
  | 'maxConcurrentLocalActivityExecutions'
  | 'maxConcurrentActivityTaskExecutions'
  | 'nonStickyToStickyPollRatio'
>;

/**
 * The worker's limits from its configuration (issue 15). Local activities (intake reads, the
 * projection, the notification) run inside a workflow task and each holds a PostgreSQL connection;
 * with the SDK's defaults (40 tasks, 100 local and 100 remote activities) over a pool of 10, a burst
 * of new cases waited for connections inside the 10 s workflow task timeout, the tasks timed out
 * and were run again. Bounded by the pool, the surplus waits in Temporal's queue, where waiting
 * costs nothing. A setting left out keeps the SDK's default (tests that pass a partial config).
 * The pollers are split evenly between new workflows and cached ones (below).
 */
export function workerTuning(c: TuningConfig): WorkerTuning {
  const pool = c.WORKER_DATABASE_POOL_SIZE;
  // A new case's first task comes from the task queue itself, later ones from this worker's
  // sticky queue. The SDK polls the first with 2 of its 10 pollers (ratio 0.2): a burst of 150 new
  // workflows with a 300 ms local activity each took 20 to 39 s, picked up p50 7.5 to 9.5 s after
  // their start, and 12 s (p50 5 s) with half the pollers on it (scripts/bench/pickup.ts).
  const tuning: WorkerTuning = { nonStickyToStickyPollRatio: 1 };
  if (c.WORKER_MAX_CACHED_WORKFLOWS !== undefined) tuning.maxCachedWorkflows = c.WORKER_MAX_CACHED_WORKFLOWS;
  const tasks = c.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS ?? (pool === undefined ? undefined : Math.max(2, pool));
  if (tasks !== undefined) tuning.maxConcurrentWorkflowTaskExecutions = tasks;
  const local = c.WORKER_MAX_CONCURRENT_LOCAL_ACTIVITIES ?? pool;
  if (local !== undefined) tuning.maxConcurrentLocalActivityExecutions = local;
  const remote = c.WORKER_MAX_CONCURRENT_ACTIVITIES ?? pool;
  if (remote !== undefined) tuning.maxConcurrentActivityTaskExecutions = remote;
  return tuning;
}

/**
 * What one cached workflow holds in the workflow thread's heap (README, Benchmarks), and the thread's own.
 * An upper bound: a workflow's modules take about 0.85 MiB when it starts, and it builds the schemas of
 * the actions it meets as they come (domain/lazy-schema.ts); with all of them built it held 1.7.
 */
export const MIB_PER_CACHED_WORKFLOW = 1.7;
const THREAD_BASE_MIB = 50;

/**
 * Whether the cache fits the workflow thread's heap with room for garbage: the cache's live data
 * at most two thirds of the heap, so V8 collects without running out (the 10,000-case run: at
 * most 272 MiB used with 100 cached in 384 MiB). A cache raised without the heap
 * would end the worker with "heap out of memory" once the cache fills; refused at start instead.
 */
export function cacheFitsHeap(cachedWorkflows: number, heapMiB: number): string | null {
  const needed = Math.ceil(1.5 * (THREAD_BASE_MIB + cachedWorkflows * MIB_PER_CACHED_WORKFLOW));
  if (heapMiB >= needed) return null;
  return `${cachedWorkflows} cached workflows need a workflow thread heap of at least ${needed} MiB (about ${MIB_PER_CACHED_WORKFLOW} MiB each, at most two thirds of the heap), not ${heapMiB} MiB: raise WORKER_WORKFLOW_HEAP_MIB (or node's --max-old-space-size) or lower WORKER_MAX_CACHED_WORKFLOWS`;
}

/** The V8 flag that bounds a heap, as given on the command line or in NODE_OPTIONS. */
const HEAP_FLAG = /--max[-_]old[-_]space[-_]size(=|\s|$)/;

/**
 * Bounds the heap of the isolates created from now on, among them the SDK's workflow thread, to
 * `mib` (WORKER_WORKFLOW_HEAP_MIB), unless the operator bounded the heap themselves (node's
 * `--max-old-space-size`, also in NODE_OPTIONS). Without a bound V8 sizes every heap from the
 * machine's memory (4 GiB on a 24 GiB host) and let the workflow thread's garbage grow to about
 * 1 GiB before collecting it; the main thread (the bundler in development, the activities) keeps
 * node's own default. Call before `Worker.create`, which starts the thread.
 */
export function boundWorkflowHeap(
  mib: number,
  execArgv: string[] = process.execArgv,
  nodeOptions = process.env.NODE_OPTIONS ?? '',
): { applied: boolean; reason: string; heapMiB: number } {
  if (execArgv.some((a) => HEAP_FLAG.test(a)) || HEAP_FLAG.test(nodeOptions)) {
    // The flag bounds every heap of the process alike: the main thread's limit is the thread's too.
    const heapMiB = Math.floor(v8.getHeapStatistics().heap_size_limit / 1048576);
    return { applied: false, reason: `the heap is bounded by --max-old-space-size (${heapMiB} MiB)`, heapMiB };
  }
  v8.setFlagsFromString(`--max-old-space-size=${mib}`);
  return { applied: true, reason: `workflow thread heap bounded to ${mib} MiB`, heapMiB: mib };
}
