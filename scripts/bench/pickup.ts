/**
 * How fast a worker picks up the first tasks of a burst of new workflows (issue 15): a dev server,
 * a worker with 10 workflow task slots, 15 starts one by one, then 150 at 15 at a time, each first
 * task holding a 300 ms local activity. `npx tsx scripts/bench/pickup.ts default|ratio1|auto`:
 * the SDK's poller split (2 of 10 on the task queue), half and half, or the SDK's autoscaling.
 */
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Runtime, DefaultLogger, Worker } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { startTemporalDevServer } from '../dev/temporal';
import { freePort } from '../dev/free-port';

const ET = temporal.api.enums.v1.EventType;
const variant = process.argv[2] ?? 'default';
async function main() {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pickup-'));
  const server = await startTemporalDevServer({ port: await freePort(), dbFile: path.join(dir, 't.db') });
  const nc = await NativeConnection.connect({ address: server.address });
  const opts: Record<string, unknown> = { maxConcurrentWorkflowTaskExecutions: 10, maxConcurrentLocalActivityExecutions: 10 };
  if (variant === 'ratio1') opts.nonStickyToStickyPollRatio = 1;
  if (variant === 'auto') opts.workflowTaskPollerBehavior = { type: 'autoscaling' };
  const worker = await Worker.create({ connection: nc, taskQueue: 'q', workflowsPath: require.resolve('./pickup.workflow'), activities: { work: (ms: number) => new Promise<void>((r) => setTimeout(r, ms)) }, ...opts });
  const running = worker.run();
  const client = new Client({ connection: await Connection.connect({ address: server.address }) });
  const waits = async (ids: string[]) => {
    const out: number[] = [];
    for (const id of ids) {
      const h = await client.workflow.getHandle(id).fetchHistory();
      const ev = h.events ?? [];
      const t = (e: temporal.api.history.v1.IHistoryEvent) => Number(e.eventTime?.seconds ?? 0) * 1000 + (e.eventTime?.nanos ?? 0) / 1e6;
      const st = ev.find((e) => e.eventType === ET.EVENT_TYPE_WORKFLOW_TASK_STARTED);
      out.push(st ? t(st) - t(ev[0]!) : NaN);
    }
    out.sort((a, b) => a - b);
    return `p50 ${out[Math.floor(out.length / 2)]!.toFixed(0)} max ${out[out.length - 1]!.toFixed(0)} ms`;
  };
  // idle: one start every 700 ms
  const idle: string[] = [];
  for (let i = 0; i < 15; i++) { const id = `idle-${i}`; await client.workflow.start('pickupWorkflow', { taskQueue: 'q', workflowId: id, args: [200] }); idle.push(id); await new Promise((r) => setTimeout(r, 700)); }
  await new Promise((r) => setTimeout(r, 3000));
  console.log(variant, 'idle starts: pickup', await waits(idle));
  // burst: 150 at 15 at a time, each first task holding a 300 ms local activity
  const burst: string[] = Array.from({ length: 150 }, (_, i) => `burst-${i}`);
  const t0 = Date.now();
  for (let i = 0; i < burst.length; i += 15) await Promise.all(burst.slice(i, i + 15).map((id) => client.workflow.start('pickupWorkflow', { taskQueue: 'q', workflowId: id, args: [300] })));
  await Promise.all(burst.map((id) => client.workflow.getHandle(id).result()));
  console.log(variant, `burst 150: all done in ${Date.now() - t0} ms; pickup`, await waits(burst));
  worker.shutdown(); await running; await server.stop(); fs.rmSync(dir, { recursive: true, force: true });
}
main().catch((e) => { console.error(e); process.exit(1); });
