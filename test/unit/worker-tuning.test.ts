import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { parseConfig } from '../../platform/config';
import { boundWorkflowHeap, cacheFitsHeap, workerTuning } from '../../worker/tuning';

const DATABASE_URL = 'postgresql://u:p@localhost:5432/db';
const root = path.resolve(__dirname, '..', '..');

describe('worker tuning (issue 15)', () => {
  it('bounds workflow tasks, local and remote activities by the database pool by default', () => {
    // Before: the SDK's defaults, 40 workflow tasks and 100 local activities over a pool of 10.
    const config = parseConfig({ DATABASE_URL });
    expect(config.WORKER_DATABASE_POOL_SIZE).toBe(10);
    expect(workerTuning(config)).toEqual({
      nonStickyToStickyPollRatio: 1,
      maxCachedWorkflows: 100,
      maxConcurrentWorkflowTaskExecutions: 10,
      maxConcurrentLocalActivityExecutions: 10,
      maxConcurrentActivityTaskExecutions: 10,
    });
  });

  it('follows the pool size, and takes each limit set on its own', () => {
    expect(workerTuning(parseConfig({ DATABASE_URL, WORKER_DATABASE_POOL_SIZE: '25' }))).toMatchObject({
      maxConcurrentWorkflowTaskExecutions: 25,
      maxConcurrentLocalActivityExecutions: 25,
      maxConcurrentActivityTaskExecutions: 25,
    });
    const set = parseConfig({
      DATABASE_URL,
      WORKER_MAX_CACHED_WORKFLOWS: '40',
      WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '4',
      WORKER_MAX_CONCURRENT_LOCAL_ACTIVITIES: '6',
      WORKER_MAX_CONCURRENT_ACTIVITIES: '3',
    });
    expect(workerTuning(set)).toEqual({
      nonStickyToStickyPollRatio: 1,
      maxCachedWorkflows: 40,
      maxConcurrentWorkflowTaskExecutions: 4,
      maxConcurrentLocalActivityExecutions: 6,
      maxConcurrentActivityTaskExecutions: 3,
    });
    // A pool of one still leaves the two workflow task slots that sticky queues need.
    expect(workerTuning(parseConfig({ DATABASE_URL, WORKER_DATABASE_POOL_SIZE: '1' })).maxConcurrentWorkflowTaskExecutions).toBe(2);
  });

  it('treats an empty value as unset and refuses nonsense', () => {
    expect(parseConfig({ DATABASE_URL, WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '' }).WORKER_MAX_CONCURRENT_WORKFLOW_TASKS).toBeUndefined();
    expect(() => parseConfig({ DATABASE_URL, WORKER_DATABASE_POOL_SIZE: '0' })).toThrow(/WORKER_DATABASE_POOL_SIZE/);
    expect(() => parseConfig({ DATABASE_URL, WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '1' })).toThrow(/WORKER_MAX_CONCURRENT_WORKFLOW_TASKS/);
    expect(() => parseConfig({ DATABASE_URL, WORKER_WORKFLOW_HEAP_MIB: 'lots' })).toThrow(/WORKER_WORKFLOW_HEAP_MIB/);
    expect(parseConfig({ DATABASE_URL }).WORKER_WORKFLOW_HEAP_MIB).toBe(384);
  });

  it('keeps the SDK defaults for a partial config (tests that build their own worker), but polls new workflows with half the pollers', () => {
    // Before: 2 of 10 pollers on the task queue new cases start on (the SDK's ratio 0.2).
    expect(workerTuning({})).toEqual({ nonStickyToStickyPollRatio: 1 });
  });

  it('refuses a cache the workflow thread heap cannot hold with room to collect', () => {
    const defaults = parseConfig({ DATABASE_URL });
    expect(cacheFitsHeap(defaults.WORKER_MAX_CACHED_WORKFLOWS, defaults.WORKER_WORKFLOW_HEAP_MIB)).toBeNull();
    // The old default cache in the new default heap: 250 workflows are about 475 MiB live.
    expect(cacheFitsHeap(250, 384)).toMatch(/at least 713 MiB.*WORKER_WORKFLOW_HEAP_MIB/);
    expect(cacheFitsHeap(250, 1024)).toBeNull();
  });

  it('leaves a heap bound given to node alone', () => {
    expect(boundWorkflowHeap(384, ['--max-old-space-size=2048'], '')).toMatchObject({ applied: false });
    expect(boundWorkflowHeap(384, [], '--max-old-space-size=2048 --enable-source-maps')).toMatchObject({ applied: false });
  });

  it('bounds the heap of a thread started after it (the workflow thread), not that of the main thread', () => {
    // In a process of its own: V8's flags are the whole process's.
    const script = `
      const v8 = require('node:v8');
      const { Worker } = require('node:worker_threads');
      const { boundWorkflowHeap } = require('./worker/tuning');
      const before = v8.getHeapStatistics().heap_size_limit;
      boundWorkflowHeap(256, [], '');
      new Worker('require("node:worker_threads").parentPort.postMessage(require("node:v8").getHeapStatistics().heap_size_limit)', { eval: true })
        .on('message', (thread) => { console.log(JSON.stringify({ main: v8.getHeapStatistics().heap_size_limit === before, threadMiB: thread / 1048576 })); process.exit(0); });
    `;
    const out = JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: root, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } })) as { main: boolean; threadMiB: number };
    expect(out.main).toBe(true);
    // The old space as set, plus the young generation V8 adds to it.
    expect(out.threadMiB).toBeGreaterThanOrEqual(256);
    expect(out.threadMiB).toBeLessThan(400);
  });
});
