import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { HttpError, notFound } from './errors';

/** A finished case or signal answers 409 for any step (with what to do instead); an unknown one 404. */
export async function ensureRunning(client: Client, workflowId: string, what: 'case' | 'signal'): Promise<void> {
  try {
    const d = await client.workflow.getHandle(workflowId).describe();
    if (d.status.name === 'RUNNING') return;
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) throw notFound(what);
    throw err;
  }
  throw what === 'case'
    ? new HttpError(409, 'case-closed', 'The case is closed; a new melding opens a new case.')
    : new HttpError(409, 'signal-closed', 'The early signal is closed or continues in a case; a new signal starts anew.');
}

/**
 * Runs an update or signal on a case or signal workflow without asking Temporal first whether it
 * runs (a describe per request doubled the round trips of every action): a workflow that is not
 * running makes the call fail with NOT_FOUND, and only then the describe tells a closed one (409)
 * from an unknown one (404).
 */
export async function whenRunning<T>(client: Client, workflowId: string, what: 'case' | 'signal', call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) await ensureRunning(client, workflowId, what);
    throw err;
  }
}
