export type EventuallyOptions = { timeoutMs?: number; /** What the test waits for, for the error (default: the predicate's text). */ what?: string };

/**
 * Polls fn until ok(value) holds and returns that value. When the time is up it throws, saying
 * what it waited for and the last value it saw, so a test fails here and not later for another
 * reason. A test that must wait a while and then see that something did NOT happen uses
 * `settle` instead.
 */
export async function eventually<T>(fn: () => Promise<T>, ok: (v: T) => boolean, options: number | EventuallyOptions = {}): Promise<T> {
  const { timeoutMs = 10_000, what = describe(ok) } = typeof options === 'number' ? { timeoutMs: options } : options;
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastError: unknown;
  for (;;) {
    try {
      last = await fn();
      lastError = undefined;
      if (ok(last)) return last;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      const seen = lastError !== undefined ? `the last attempt threw: ${lastError instanceof Error ? lastError.message : String(lastError)}` : `the last value was ${preview(last)}`;
      throw new Error(`eventually: timed out after ${timeoutMs} ms waiting for ${what}; ${seen}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Waits the given time (nothing to poll for), for tests that check something did not happen. */
export const settle = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function describe(ok: (v: never) => boolean): string {
  const text = ok.toString().replace(/\s+/g, ' ').trim();
  return text.length > 200 ? `${text.slice(0, 200)}...` : text;
}

function preview(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 600 ? `${text.slice(0, 600)}...` : text;
}
