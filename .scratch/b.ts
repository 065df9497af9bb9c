import { bundleWorkflowCode } from '@temporalio/worker';
import fs from 'node:fs';
(async () => {
  const t = Date.now();
  const { code } = await bundleWorkflowCode({ workflowsPath: '/work/wt/speed/workflows/index.ts', logger: { log(){}, trace(){}, debug(){}, info(){}, warn: console.warn, error: console.error } as any });
  console.log('ms', Date.now() - t, 'bytes', code.length);
  fs.writeFileSync('/tmp/speed-bundle.js', code);
})();
