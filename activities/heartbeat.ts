import { Context } from '@temporalio/activity';

/** The functions heartbeating() made. */
const heartbeatingFunctions = new WeakSet<object>();

/**
 * Wraps an activity so that it heartbeats while it runs. Why: the server then notices a worker
 * that died in the middle (SIGKILL, a lost machine) when the heartbeat timeout passes, instead of
 * only when the whole start-to-close timeout has, and retries the activity on a live worker that
 * much sooner. The SDK throttles the heartbeats it sends to the server. Outside an activity (a
 * direct call in a test) the function runs as it is.
 */
export function heartbeating<A extends unknown[], R>(fn: (...args: A) => Promise<R>, everyMs = 2_000): (...args: A) => Promise<R> {
  const wrapped = async (...args: A) => {
    let ctx: Context;
    try {
      ctx = Context.current();
    } catch {
      return fn(...args);
    }
    ctx.heartbeat();
    const timer = setInterval(() => ctx.heartbeat(), everyMs);
    try {
      return await fn(...args);
    } finally {
      clearInterval(timer);
    }
  };
  heartbeatingFunctions.add(wrapped);
  return wrapped;
}

/** Whether fn heartbeats (was made by heartbeating()): the worker's activities are checked against their workflow options. */
export function isHeartbeating(fn: unknown): boolean {
  return typeof fn === 'function' && heartbeatingFunctions.has(fn);
}

/** The activities named wrapped by heartbeating(), the others as they are. */
export function withHeartbeats<T extends Record<string, unknown>, K extends keyof T>(activities: T, names: readonly K[]): T {
  const out: Record<string, unknown> = { ...activities };
  for (const name of names) out[name as string] = heartbeating(activities[name] as (...args: unknown[]) => Promise<unknown>);
  return out as T;
}
