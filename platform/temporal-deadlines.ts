import { InterceptingCall, type Interceptor, type InterceptorOptions, type StatusObject } from '@grpc/grpc-js';
import { defaultGrpcRetryOptions, isRetryableError, makeGrpcRetryInterceptor } from '@temporalio/client';

/** Calls that wait for a workflow's answer (an update runs the step's effects first): a longer deadline. */
const WAITING_CALLS = new Set(['UpdateWorkflowExecution', 'PollWorkflowExecutionUpdate']);
const MAX_ATTEMPTS = 4;
const methodOf = (options: InterceptorOptions) => options.method_definition.path.split('/').pop() ?? '';

export type CallDeadlines = { callMs: number; updateMs: number };

/**
 * Every gRPC call to Temporal gets a deadline (issue 18): without one, the SDK retries an
 * unreachable server for 20 s and more while the HTTP request hangs. A call that already has a
 * deadline (Connection.withDeadline) keeps it.
 */
export function deadlineInterceptors(d: CallDeadlines): Interceptor[] {
  const deadline: Interceptor = (options, nextCall) => {
    return new InterceptingCall(nextCall({ ...options, deadline: options.deadline ?? Date.now() + (WAITING_CALLS.has(methodOf(options)) ? d.updateMs : d.callMs) }));
  };
  // Retries stay (a server restarting for a moment), bounded by the deadline and a few attempts.
  const backoff = defaultGrpcRetryOptions({ maxAttempts: MAX_ATTEMPTS });
  const retry = makeGrpcRetryInterceptor(backoff);
  // An update also when the server aborted it for a failed workflow task: it was not applied, and
  // the same update id sent again is the same update (at most once).
  const retryUpdate = makeGrpcRetryInterceptor({ ...backoff, retryableDecider: (attempt, status) => attempt < MAX_ATTEMPTS && (isRetryableError(status) || updateAbortedByTaskFailure(status)) });
  const retrying: Interceptor = (options, nextCall) => (methodOf(options) === 'UpdateWorkflowExecution' ? retryUpdate : retry)(options, nextCall);
  return [deadline, retrying];
}

/**
 * When the server cannot take a workflow task's completion it fails the task and aborts the updates
 * in it with WorkflowNotReady (FAILED_PRECONDITION): "Unable to perform workflow execution update
 * due to unexpected workflow task failure." Seen under load on the early signal's escalation (a 500
 * until then; the worker logged no failure of its own). The
 * update did not happen; sent again, it runs on the retried task.
 */
const UPDATE_ABORTED_BY_TASK_FAILURE = 'due to unexpected workflow task failure';
export function updateAbortedByTaskFailure(status: Pick<StatusObject, 'code' | 'details'>): boolean {
  return status.code === 9 && status.details.includes(UPDATE_ABORTED_BY_TASK_FAILURE);
}

/** A Temporal or PostgreSQL failure that means "not reachable now": the API answers 503 with Retry-After. */
export function unavailableDependency(err: unknown): 'temporal' | 'postgres' | null {
  const seen = new Set<unknown>();
  for (let e: any = err; e && typeof e === 'object' && !seen.has(e); e = e.cause) {
    seen.add(e);
    const name = String(e.name ?? '');
    const message = String(e.message ?? '');
    // gRPC: 1 CANCELLED (a retry cut short by the deadline, seen under load as "Call cancelled"),
    // 4 DEADLINE_EXCEEDED, 14 UNAVAILABLE; the SDK's update that timed out waiting.
    if ((typeof e.code === 'number' && (e.code === 1 || e.code === 4 || e.code === 14) && ('details' in e || 'metadata' in e)) || name === 'WorkflowUpdateRPCTimeoutOrCancelledError') return 'temporal';
    if (name === 'ServiceError' && /UNAVAILABLE|DEADLINE_EXCEEDED|CANCELLED|^1 |14 |4 /.test(message)) return 'temporal';
    // An update the server kept aborting for failed workflow tasks (retried above): not applied; try again.
    if (updateAbortedByTaskFailure({ code: e.code, details: message })) return 'temporal';
    if (/^Prisma|DriverAdapterError/.test(name) || ['P1001', 'P1002', 'P1008', 'P1017', 'P2024'].includes(String(e.code ?? ''))) {
      if (['P1001', 'P1002', 'P1008', 'P1017', 'P2024'].includes(String(e.code ?? ''))) return 'postgres';
      if (/timeout|timed out|ECONNREFUSED|ECONNRESET|Connection terminated|connect|closed the connection|canceling statement/i.test(message)) return 'postgres';
    }
    if (/ECONNREFUSED|Connection terminated|timeout exceeded when trying to connect|Query read timeout|canceling statement due to statement timeout/i.test(message) && !/grpc/i.test(message)) return 'postgres';
  }
  return null;
}
