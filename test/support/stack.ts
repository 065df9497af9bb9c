/**
 * The real components the workflow and integration tests run against, started once per jest run
 * by the projects' globalSetup: PostgreSQL (embedded, or TEST_DATABASE_URL), migrations, a Temporal
 * dev server, the time-skipping test server's classpath and one workflow bundle.
 * Nothing is skipped when a part is missing: provisioning fails with what is missing.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { freePort } from '../../scripts/dev/free-port';
import { migrate } from '../../scripts/dev/migrate';
import { startEmbeddedPostgres } from '../../scripts/dev/postgres';
import { startTemporalDevServer } from '../../scripts/dev/temporal';
import { startDevIssuer } from '../../scripts/dev/issuer-process';
import { envFile, root, testDataDir, type TestStack } from './stack-env';


const say = (line: string) => process.stderr.write(`[test-stack] ${line}\n`);
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

  say('bundling workflow code');
  const { code } = await bundleWorkflowCode({ workflowsPath: path.join(root, 'workflows', 'index.ts'), logger: quietLogger });
  const workflowBundlePath = path.join(testDataDir, 'workflow-bundle.js');
  fs.writeFileSync(workflowBundlePath, code);

  const stack: TestStack = { databaseUrl, temporalAddress: temporal.address, workflowBundlePath, testServerPath, issuer: issuer.issuer, jwksUrl: issuer.jwksUrl };
  fs.writeFileSync(envFile, JSON.stringify(stack, null, 2));
  say('ready');
}

export async function stopStack(): Promise<void> {
  const list = stops ?? [];
  stops = null;
  for (const stop of list.reverse()) await stop().catch(() => undefined);
  fs.rmSync(testDataDir, { recursive: true, force: true });
}

const quietLogger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (m: string) => say(m),
  error: (m: string) => say(m),
};
