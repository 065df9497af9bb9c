/**
 * `npm run build:bundle`: bundles the workflow code into dist/workflow-bundle.js with the record of
 * its sources (dist/workflow-bundle.json), which the worker, the tests and `audit:replay` check
 * before they run it (worker/workflow-bundle.ts). `-- --check` only says whether it is fresh.
 */
import { buildWorkflowBundle, checkWorkflowBundle } from '../worker/workflow-bundle';

async function main(): Promise<number> {
  if (process.argv.includes('--check')) {
    const check = checkWorkflowBundle();
    process.stdout.write(check.fresh ? `workflow bundle fresh (built ${check.meta.builtAt}, ${check.meta.sources.length} modules)\n` : `workflow bundle stale: ${check.reason}\n`);
    return check.fresh ? 0 : 1;
  }
  const meta = await buildWorkflowBundle((line) => process.stderr.write(`${line}\n`));
  process.stdout.write(`dist/workflow-bundle.js: ${meta.sources.length} modules, source hash ${meta.sourceHash.slice(0, 12)}, built in ${meta.buildMs} ms\n`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`build:bundle failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(2);
  },
);
