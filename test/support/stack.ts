/**
 * The real components the workflow and integration tests run against, started once per jest run
 * by the projects' globalSetup: PostgreSQL (embedded, or TEST_DATABASE_URL), migrations, a Temporal
 * dev server, the time-skipping test server's classpath, one workflow bundle and the app bundles.
 * Nothing is skipped when a part is missing: provisioning fails with what is missing.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { freePort } from '../../scripts/dev/free-port';
import { migrate } from '../../scripts/dev/migrate';
import { startMigratedPostgres } from '../../scripts/dev/postgres-template';
import { startTemporalDevServer } from '../../scripts/dev/temporal';
import { startDevIssuer } from '../../scripts/dev/issuer-process';
import { startDevBrp } from '../../scripts/dev/brp-process';
import { workflowBundle } from '../../worker/workflow-bundle';
import { appBundle } from '../../platform/app-bundle';
import { startApp } from './processes';
import { isUndeliverable, startTestSmtp } from './smtp-server';
import { envFile, root, stack, testDataDir, type TestStack } from './stack-env';


/**
 * The test server's queues record their progress every second instead of every 30 s: a deleted
 * workflow (retention) is gone after its close is recorded, which waited up to 30 s per case.
 */
const TEST_SERVER_CONFIG = {
  'history.transferProcessorUpdateAckInterval': '1s',
  'history.visibilityProcessorUpdateAckInterval': '1s',
  'history.timerProcessorUpdateAckInterval': '1s',
};

const since = Date.now();
const say = (line: string) => process.stderr.write(`[test-stack +${((Date.now() - since) / 1000).toFixed(1)}s] ${line}\n`);
let stops: (() => Promise<void>)[] | null = null;
/** The shared api, worker and SMTP server: stopped before the servers they use. */
let appStops: (() => Promise<void>)[] = [];

export async function startStack(): Promise<void> {
  if (stops) return; // both test projects call this; one stack serves them
  stops = [];
  process.env.VERZUIMREGIE_TEST_DIR = testDataDir;
  fs.rmSync(testDataDir, { recursive: true, force: true });
  fs.mkdirSync(testDataDir, { recursive: true });

  const list = stops;
  const started = <T extends { stop: () => Promise<void> }>(part: T): T => (list.push(part.stop), part);
  // Independent parts start side by side; a part that fails stops the others.
  const testServerPath = path.join(root, 'scripts', 'test-server.sh');
  try {
    const [, databaseUrl, temporal, issuer, brp, bundle] = await Promise.all([
      timed('Temporal time-skipping test server resolved (Maven)', execFileAsync('bash', [testServerPath, '--resolve'])),
      timed(
        'PostgreSQL ready, migrated',
        process.env.TEST_DATABASE_URL
          ? migrate(process.env.TEST_DATABASE_URL).then(() => process.env.TEST_DATABASE_URL!)
          : freePort()
              .then((port) => startMigratedPostgres({ dataDir: path.join(testDataDir, 'postgres'), port }))
              .then((pg) => started(pg).url),
      ),
      timed('Temporal dev server ready', freePort().then((port) => startTemporalDevServer({ port, dynamicConfig: TEST_SERVER_CONFIG })).then(started)),
      timed('development OIDC issuer ready', startDevIssuer(0, path.join(testDataDir, 'issuer-key.json')).then(started)),
      timed('development BRP server ready', freePort().then((port) => startDevBrp(port)).then(started)),
      // The worker processes and the workflow tests all run dist/workflow-bundle.js; built here when stale.
      timed('workflow bundle ready', workflowBundle({ rebuild: true, log: say })),
      // The api and worker processes run dist/api.js and dist/worker.js; built here when stale.
      timed('app bundles ready', appBundle({ rebuild: true, log: say })),
    ]);
    const payloadKey = { id: `it-${randomBytes(3).toString('hex')}`, key: randomBytes(32).toString('base64') };
    const stack: TestStack = { databaseUrl, temporalAddress: temporal.address, workflowBundlePath: bundle.codePath, testServerPath, issuer: issuer.issuer, jwksUrl: issuer.jwksUrl, brpUrl: brp.url, payloadKey };
    fs.writeFileSync(envFile, JSON.stringify(stack, null, 2));
  } catch (err) {
    await stopStack();
    throw err;
  }
  say('ready');
}

async function timed<T>(what: string, p: Promise<T>): Promise<T> {
  const value = await p;
  say(what);
  return value;
}

function execFileAsync(file: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = execFile(file, args, (err) => (err ? reject(err) : resolve()));
    child.stderr?.pipe(process.stderr);
  });
}

/**
 * The api and worker the integration files share (test/support/processes.ts, sharedApp), started
 * once when the integration project runs; their output goes to a log file in the run's folder.
 * They send their e-mail to a real SMTP server on loopback (it requires AUTH) that keeps
 * every message in the run's folder (sharedMailbox()), and their links name the shared api itself
 * (PUBLIC_BASE_URL): files that check e-mail and open its links need no processes of their own.
 */
export async function startSharedApp(): Promise<void> {
  if (!stops) throw new Error('start the stack first');
  if (stack().sharedApp) return;
  say('starting the shared api and worker');
  const logFile = path.join(testDataDir, 'shared-app.log');
  const mailDir = path.join(testDataDir, 'mail');
  fs.mkdirSync(mailDir, { recursive: true });
  const smtp = await startTestSmtp({ user: 'lvs-mailer', password: 'geheim-wachtwoord', mailDir, refuseAlways: isUndeliverable });
  appStops.push(smtp.close);
  const port = await freePort();
  // Generous deadlines, as every app startApp() starts (the deadlines themselves: trust.test.ts).
  const app = await startApp(
    {
      PORT: String(port),
      TEMPORAL_TASK_QUEUE: 'it-shared',
      SMTP_HOST: smtp.host,
      SMTP_PORT: String(smtp.port),
      SMTP_USER: 'lvs-mailer',
      SMTP_PASSWORD: 'geheim-wachtwoord',
      SMTP_FROM: 'Leerplicht ZHZ <leerplicht@lvs.test>',
      PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
    },
    { logFile },
  );
  appStops.push(app.stop);
  const withApp: TestStack = { ...stack(), sharedApp: { baseUrl: app.baseUrl, taskQueue: app.taskQueue, logFile, mailDir } };
  fs.writeFileSync(envFile, JSON.stringify(withApp, null, 2));
  say('shared api and worker ready');
}

export async function stopStack(): Promise<void> {
  const list = stops ?? [];
  const apps = appStops;
  stops = null;
  appStops = [];
  // Side by side, in two steps: the api's drain alone takes 3 s (it accepts connections that long
  // after SIGTERM), and the worker shuts down against a Temporal server that still runs.
  await Promise.all(apps.map((stop) => stop().catch(() => undefined)));
  await Promise.all(list.map((stop) => stop().catch(() => undefined)));
  // The shared api's and worker's log outlives the run's folder: what a failed run's requests did.
  const sharedLog = path.join(testDataDir, 'shared-app.log');
  if (fs.existsSync(sharedLog)) fs.copyFileSync(sharedLog, path.join(root, '.data', 'last-test-run-shared-app.log'));
  fs.rmSync(testDataDir, { recursive: true, force: true });
}
