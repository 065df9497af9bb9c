/**
 * The engine baseline of `npm run bench`: a workflow that does nothing but hold a number, change it
 * on an update and end on a signal. Its start and update latencies are what Temporal itself costs
 * on this machine and server; the product's figures are printed next to them.
 */
import { condition, defineSignal, defineUpdate, setHandler } from '@temporalio/workflow';

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
