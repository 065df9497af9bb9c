/**
 * `npm run build:bundle`: the prebuilt bundles in dist/, each with the record of its sources that
 * is checked before it runs: the workflow bundle (dist/workflow-bundle.js, worker/workflow-bundle.ts)
 * and the app bundles (dist/api.js, dist/worker.js, platform/app-bundle.ts).
 * `-- --check` only says whether they are fresh; `-- --apps-if-stale` builds the app bundles only,
 * and only when stale (`npm run api`, `npm run worker`; refused under NODE_ENV=production).
 */
import { appBundle, buildAppBundle, checkAppBundle } from '../platform/app-bundle';
import { buildWorkflowBundle, checkWorkflowBundle } from '../worker/workflow-bundle';

const say = (line: string) => process.stderr.write(`${line}\n`);

async function main(): Promise<number> {
  if (process.argv.includes('--check')) {
    const workflows = checkWorkflowBundle();
    const apps = checkAppBundle();
    process.stdout.write(workflows.fresh ? `workflow bundle fresh (built ${workflows.meta.builtAt}, ${workflows.meta.sources.length} modules)\n` : `workflow bundle stale: ${workflows.reason}\n`);
    process.stdout.write(apps.fresh ? `app bundles fresh (built ${apps.record.builtAt}, ${apps.record.sources.length} sources)\n` : `app bundles stale: ${apps.reason}\n`);
    return workflows.fresh && apps.fresh ? 0 : 1;
  }
  if (process.argv.includes('--apps-if-stale')) {
    await appBundle({ rebuild: process.env.NODE_ENV !== 'production', log: say });
    return 0;
  }
  const [meta, apps] = await Promise.all([buildWorkflowBundle(say), buildAppBundle()]);
  process.stdout.write(`dist/workflow-bundle.js: ${meta.sources.length} modules, source hash ${meta.sourceHash.slice(0, 12)}, built in ${meta.buildMs} ms\n`);
  process.stdout.write(`dist/api.js, dist/worker.js: ${apps.sources.length} sources, source hash ${apps.sourceHash.slice(0, 12)}, built in ${apps.buildMs} ms\n`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`build:bundle failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(2);
  },
);
