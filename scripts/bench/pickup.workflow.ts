import { proxyLocalActivities } from '@temporalio/workflow';
const { work } = proxyLocalActivities<{ work(ms: number): Promise<void> }>({ startToCloseTimeout: '30 seconds' });
export async function pickupWorkflow(ms: number): Promise<void> {
  await work(ms);
}
