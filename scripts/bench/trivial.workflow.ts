/**
 * The engine baseline of `npm run bench`: a workflow that does nothing but hold a number, change it
 * on an update and end on a signal. Its start and update latencies are what Temporal itself costs
 * on this machine and server; the product's figures are printed next to them.
 */
import { condition, defineSignal, defineUpdate, setHandler, sleep } from '@temporalio/workflow';

export const bump = defineUpdate<number, [number]>('bump');
export const finish = defineSignal('finish');

export async function trivialWorkflow(): Promise<number> {
  let n = 0;
  let done = false;
  setHandler(bump, (by: number) => (n += by));
  setHandler(finish, () => void (done = true));
  await condition(() => done);
  return n;
}

/**
 * The timer wave's baseline: sleeps until one instant shared by every wave workflow and answers the
 * workflow time at which its timer fired (the start of the task that saw it), so the spread of a
 * wave is read from the server's own clock, not from polling.
 */
export async function waveWorkflow(atMs: number): Promise<number> {
  await sleep(Math.max(atMs - Date.now(), 1));
  return Date.now();
}
