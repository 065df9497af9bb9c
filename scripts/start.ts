/**
 * `npm start`: the whole development stack in one command.
 * PostgreSQL (embedded unless DATABASE_URL), migrations, a Temporal dev server with its Web UI
 * (unless TEMPORAL_ADDRESS), then the worker and the API as supervised child processes: one that
 * dies is restarted with backoff, the rest keeps running. Ctrl-C or SIGTERM drains the worker and
 * the API (running activities and requests finish) and then stops the servers.
 */
import fs from 'node:fs';
import path from 'node:path';
import { migrate } from './dev/migrate';
import { startTemporalDevServer } from './dev/temporal';
import { startDevIssuer } from './dev/issuer-process';
import { startDevBrp } from './dev/brp-process';
import { startReadyProcess } from './dev/ready-process';
import { supervise, type SupervisedProcess } from './dev/supervisor';
import { ConfigSchema } from '../platform/config';

const root = path.resolve(__dirname, '..');
const dataDir = path.join(root, '.data');
const say = (who: string) => (line: string) => process.stdout.write(`[${who}] ${line}\n`);

async function main() {
  fs.mkdirSync(dataDir, { recursive: true });
  const stops: (() => Promise<void>)[] = [];
  // The server's own warnings while everything stops are noise.
  let shuttingDown = false;
  const children: SupervisedProcess[] = [];

  let databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    const port = Number(process.env.DEV_POSTGRES_PORT ?? 54329);
    say('postgres')(`starting embedded PostgreSQL on 127.0.0.1:${port} (data in .data/postgres)`);
    const pg = await startPostgresProcess(path.join(dataDir, 'postgres'), port);
    databaseUrl = pg.url;
    stops.push(pg.stop);
  }
  say('migrate')('applying migrations');
  await migrate(databaseUrl, say('migrate'));

  let temporalAddress = process.env.TEMPORAL_ADDRESS;
  let uiUrl = process.env.TEMPORAL_UI_URL;
  if (!temporalAddress) {
    const port = Number(process.env.DEV_TEMPORAL_PORT ?? 7233);
    const uiPort = Number(process.env.DEV_TEMPORAL_UI_PORT ?? 8233);
    say('temporal')(`starting Temporal dev server on 127.0.0.1:${port}, Web UI on http://localhost:${uiPort}`);
    // Detached: Ctrl-C reaches the worker and the API at once, the server only after they drained.
    const temporal = await startTemporalDevServer({ port, uiPort, dbFile: path.join(dataDir, 'temporal.db'), codecEndpoint: `http://localhost:${process.env.PORT ?? 3000}/codec`, log: (line) => shuttingDown || say('temporal')(line), detached: true });
    process.on('exit', temporal.kill);
    temporalAddress = temporal.address;
    uiUrl = `http://localhost:${uiPort}`;
    stops.push(temporal.stop);
  }

  let oidc: NodeJS.ProcessEnv = {};
  if (!process.env.OIDC_ISSUER) {
    const port = Number(process.env.DEV_OIDC_PORT ?? 8480);
    say('oidc')(`starting the development OIDC issuer on http://127.0.0.1:${port} (tokens: npm run token -- consultant)`);
    const issuer = await startDevIssuer(port, path.join(dataDir, 'dev-issuer-key.json'), { detached: true });
    oidc = { OIDC_ISSUER: issuer.issuer, OIDC_JWKS_URL: issuer.jwksUrl };
    stops.push(issuer.stop);
  }
  let brp: NodeJS.ProcessEnv = {};
  if (!process.env.BRP_URL) {
    const port = Number(process.env.DEV_BRP_PORT ?? 8490);
    say('brp')(`starting the development Haal Centraal BRP server on http://127.0.0.1:${port} (persons in scripts/dev/brp-seed.json)`);
    const server = await startDevBrp(port, { detached: true });
    brp = { BRP_URL: server.url };
    stops.push(server.stop);
  }
  const env = { ...process.env, ...oidc, ...brp, DATABASE_URL: databaseUrl, TEMPORAL_ADDRESS: temporalAddress, ...(uiUrl && { TEMPORAL_UI_URL: uiUrl }) };
  // The API gets its whole drain (API_DRAIN_TIMEOUT_MS) before the supervisor's SIGKILL.
  const apiGraceMs = ConfigSchema.shape.API_DRAIN_TIMEOUT_MS.parse(process.env.API_DRAIN_TIMEOUT_MS) + 15_000;
  children.push(supervise('worker', { cwd: root, env, say: say('worker') }));
  children.push(supervise('api', { cwd: root, env, say: say('api'), graceMs: apiGraceMs }));

  async function shutdown(code: number) {
    if (shuttingDown) return;
    shuttingDown = true;
    say('stack')('stopping...');
    // The worker and the API drain first (activities finish, requests get their answer) while
    // PostgreSQL and Temporal are still there for them.
    await Promise.all(children.map((c) => c.stop()));
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    say('stack')('stopped');
    process.exit(code);
  }
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  say('stack')(`API on http://localhost:${process.env.PORT ?? 3000}, Temporal Web UI on ${uiUrl ?? '(external)'}`);
  say('web')(`log in at http://localhost:${process.env.PORT ?? 3000}/ (development users of every role)`);
  // Without SMTP the worker writes every e-mail to schools into a folder (platform/mail-catcher.ts).
  if (!process.env.SMTP_HOST) say('mail')(`no SMTP_HOST: e-mails to schools are written to ${path.resolve(root, process.env.DEV_MAIL_DIR ?? '.data/mail')} (.eml and .html)`);
}

/** The embedded PostgreSQL in its own process group, so that it stops last. */
async function startPostgresProcess(dir: string, port: number): Promise<{ url: string; stop: () => Promise<void> }> {
  const pg = await startReadyProcess('postgres-main.ts', [dir, String(port)], 'embedded PostgreSQL', { detached: true });
  return { url: pg.value, stop: pg.stop };
}

main().catch((err) => {
  process.stderr.write(`npm start failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
