import { fileHistories, replayAll } from '/work/main/scripts/audit-replay';
import path from 'node:path';
import { dataConverter } from '/work/main/platform/payload-codec';
async function main() {
  const h = fileHistories([path.join('/work/main/test/fixtures/histories')]);
  const t0 = Date.now(); const c0 = process.cpuUsage();
  const out = await replayAll(h, { workflowBundle: { codePath: process.argv[2]! } });
  const c = process.cpuUsage(c0);
  console.log(out.replayed, out.failures.length, Date.now() - t0, 'ms', ((c.user + c.system) / 1e6).toFixed(2), 'cpu-s');
}
main();
