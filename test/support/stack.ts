/**
 * The real components the workflow and integration tests run against, started once per jest run
 * by the projects' globalSetup: PostgreSQL (embedded, or TEST_DATABASE_URL), migrations, a Temporal
 * dev server, the time-skipping test server's classpath and one workflow bundle.
 * Nothing is skipped when a part is missing: provisioning fails with what is missing.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { freePort } from '../../scripts/dev/free-port';
import { migrate } from '../../scripts/dev/migrate';
import { startEmbeddedPostgres } from '../../scripts/dev/postgres';
import { startTemporalDevServer } from '../../scripts/dev/temporal';
import { startDevIssuer } from '../../scripts/dev/issuer-process';
import { workflowBundle } from '../../worker/workflow-bundle';
import { startApp } from './processes';
import { envFile, root, stack, testDataDir, type TestStack } from './stack-env';


const since = Date.now();
const say = (line: string) => process.stderr.write(`[test-stack +${((Date.now() - since) / 1000).toFixed(1)}s] ${line}\n`);
let stops: (() => Promise<void>)[] | null = null;

export async function startStack(): Promise<void> {
  if (stops) return; // both test projects call this; one stack serves them
  stops = [];
  process.env.VERZUIMREGIE_TEST_DIR = testDataDir;
  fs.rmSync(testDataDir, { recursive: true, force: true });
  fs.mkdirSync(testDataDir, { recursive: true });

  say('resolving the Temporal time-skipping test server (Maven)');
  const testServerPath = path.join(root, 'scripts', 'test-server.sh');
  execFileSync('bash', [testServerPath, '--resolve'], { stdio: ['ignore', 'ignore', 'inherit'] });

  let databaseUrl = process.env.TEST_DATABASE_URL;
  if (!databaseUrl) {
    say('starting embedded PostgreSQL');
    const pg = await startEmbeddedPostgres({ dataDir: path.join(testDataDir, 'postgres'), port: await freePort(), ephemeral: true });
    databaseUrl = pg.url;
    stops.push(pg.stop);
  }
  await migrate(databaseUrl);

  say('starting the Temporal dev server');
  const temporal = await startTemporalDevServer({ port: await freePort() });
  stops.push(temporal.stop);

  say('starting the development OIDC issuer');
  const issuer = await startDevIssuer(await freePort(), path.join(testDataDir, 'issuer-key.json'));
  stops.push(issuer.stop);

  // The worker processes and the workflow tests all run dist/workflow-bundle.js; built here when stale.
  const { codePath: workflowBundlePath } = await workflowBundle({ rebuild: true, log: say });

  const stack: TestStack = { databaseUrl, temporalAddress: temporal.address, workflowBundlePath, testServerPath, issuer: issuer.issuer, jwksUrl: issuer.jwksUrl };
  fs.writeFileSync(envFile, JSON.stringify(stack, null, 2));
  say('ready');
}

/**
 * The api and worker the integration files share (test/support/processes.ts, sharedApp), started
 * once when the integration project runs; their output goes to a log file in the run's folder.
 */
export async function startSharedApp(): Promise<void> {
  if (!stops) throw new Error('start the stack first');
  if (stack().sharedApp) return;
  say('starting the shared api and worker');
  const logFile = path.join(testDataDir, 'shared-app.log');
  const app = await startApp({ TEMPORAL_TASK_QUEUE: 'it-shared' }, { logFile });
  stops.push(app.stop);
  const withApp: TestStack = { ...stack(), sharedApp: { baseUrl: app.baseUrl, taskQueue: app.taskQueue, logFile } };
  fs.writeFileSync(envFile, JSON.stringify(withApp, null, 2));
  say('shared api and worker ready');
}

export async function stopStack(): Promise<void> {
  const list = stops ?? [];
  stops = null;
  for (const stop of list.reverse()) await stop().catch(() => undefined);
  fs.rmSync(testDataDir, { recursive: true, force: true });
}
