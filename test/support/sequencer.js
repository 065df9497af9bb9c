const Sequencer = require('@jest/test-sequencer').default;

/**
 * Files that take longest (own stacks, crashes and restarts, a browser, the type check and eslint) start
 * first, so that five files side by side end together instead of one long file starting last.
 * Jest orders by the durations of an earlier run when it has them (not on a clean clone) and
 * otherwise by file size, which put the chaos test last.
 */
const FIRST = [
  '/test/integration/chaos.test.ts',
  '/test/lint/lint.test.ts',
  '/test/workflows/audit.test.ts',
  // The workflow suites on one server (test/workflows/suites/): the longest file.
  '/test/workflows/shared-server.test.ts',
  '/test/integration/school-mail-crash.test.ts',
  '/test/integration/trust.test.ts',
  '/test/integration/retention.test.ts',
  '/test/integration/supervisor.test.ts',
  '/test/integration/durability.test.ts',
  // Waits half a minute for the shared worker's reconciler: not among the last.
  '/test/integration/melding-reconciler.test.ts',
  '/test/integration/web/',
  // Then the longest of the rest (a clean-clone run has no durations to sort by): on 2026-12-03 three
  // of them started after 200 s and ran to the end; on 2026-12-04 the next seven (20 to 44 s each)
  // still started after 230 s. The short unit files should fill the end.
  '/test/integration/audit.test.ts',
  '/test/integration/one-case-per-youth.test.ts',
  '/test/workflows/replay-query-race.test.ts',
  '/test/lint/check-code-cache.test.ts',
  '/test/integration/authorization.test.ts',
  '/test/integration/school-links.test.ts',
  '/test/integration/case-walkthrough.test.ts',
  '/test/unit/workflow-bundle.test.ts',
  '/test/integration/letters.test.ts',
  '/test/unit/deployment-files.test.ts',
];

const rank = (path) => {
  const i = FIRST.findIndex((p) => path.includes(p));
  return i === -1 ? FIRST.length : i;
};

class SlowFirstSequencer extends Sequencer {
  sort(tests) {
    const byDefault = super.sort(tests);
    const position = new Map(byDefault.map((t, i) => [t, i]));
    return [...byDefault].sort((a, b) => rank(a.path) - rank(b.path) || position.get(a) - position.get(b));
  }
}

module.exports = SlowFirstSequencer;
