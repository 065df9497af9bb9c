import { z } from 'zod';
import { parsePayloadKeys } from './payload-codec';

/** An optional setting; an empty value (e.g. `SMTP_USER=` from docker compose) counts as unset. */
const optionalText = z.preprocess((v) => (v === '' ? undefined : v), z.string().min(1).optional());

/**
 * Every setting a process reads from its environment, parsed once at start.
 * A missing or malformed variable stops the process with one line (see loadConfig).
 */
export const ConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// connection URL'),
  TEMPORAL_ADDRESS: z
    .string()
    .regex(/^[^\s:]+:\d+$/, 'must be host:port')
    .default('localhost:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('verzuimregie-cases'),
  // The worker's memory (issue 15; worker/tuning.ts): the workflows it keeps in memory between
  // tasks, at most about 1.7 MiB each (every cached workflow holds its own instance of zod and of the
  // domain's schemas it used), and the heap of the workflow thread they live in, so that V8 collects
  // before RSS grows.
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).max(100_000).default(100),
  WORKER_WORKFLOW_HEAP_MIB: z.coerce.number().int().min(128).max(65_536).default(384),
  // The worker's load (issue 15): its PostgreSQL connections, and how many workflow tasks, local
  // activities (intake reads, projection, notification: inside a workflow task, each on a
  // connection) and activities it runs at once. Unset, each is the pool size, so a burst of new
  // cases waits in Temporal's queue instead of for a connection inside the 10 s task timeout.
  WORKER_DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(1_000).default(10),
  WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(2).max(10_000).optional()),
  WORKER_MAX_CONCURRENT_LOCAL_ACTIVITIES: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(1).max(10_000).optional()),
  WORKER_MAX_CONCURRENT_ACTIVITIES: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(1).max(10_000).optional()),
  // TLS to Temporal (platform/temporal-connection.ts): on with TEMPORAL_TLS=true, a client
  // certificate (mTLS: self-hosted or Temporal Cloud) or an API key (Temporal Cloud).
  TEMPORAL_TLS: z.preprocess((v) => (v === '' ? undefined : v), z.enum(['true', 'false']).default('false').transform((v) => v === 'true')),
  /** PEM files: the server's CA (when not a public one), the client certificate and its key. */
  TEMPORAL_TLS_CA: optionalText,
  TEMPORAL_TLS_CERT: optionalText,
  TEMPORAL_TLS_KEY: optionalText,
  TEMPORAL_TLS_SERVER_NAME: optionalText,
  TEMPORAL_API_KEY: optionalText,
  // Bearer-token authentication (issue 4): the identity provider's issuer, the API's audience, and
  // where its signing keys are published (default: <issuer>/jwks.json). `npm start` runs a local issuer.
  OIDC_ISSUER: z.preprocess((v) => (v === '' ? undefined : v), z.url().optional()),
  OIDC_AUDIENCE: z.string().min(1).default('verzuimregie-api'),
  OIDC_JWKS_URL: z.preprocess((v) => (v === '' ? undefined : v), z.url().optional()),
  /** The longest lifetime (exp - iat) a token may have; a token without exp is refused. */
  OIDC_MAX_TOKEN_LIFETIME_SECONDS: z.coerce.number().int().min(60).max(7 * 86_400).default(12 * 3600),
  // Rate limits (issue 18), counted in PostgreSQL and shared by all API instances: failed
  // authentications per client address and per claimed subject in 15 minutes (valid tokens pass),
  // and requests per principal per minute.
  RATE_LIMIT_FAILED_AUTH_PER_ADDRESS: z.coerce.number().int().min(1).max(1_000_000).default(300),
  RATE_LIMIT_FAILED_AUTH_PER_SUBJECT: z.coerce.number().int().min(1).max(1_000_000).default(30),
  RATE_LIMIT_PER_PRINCIPAL_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(3000),
  // Deadlines of the API's calls (issue 18): a dependency that does not answer in time gives 503
  // with Retry-After instead of a hanging request. Updates wait for the case's answer: longer.
  TEMPORAL_CALL_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(4000),
  TEMPORAL_UPDATE_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(10_000),
  DATABASE_QUERY_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(4000),
  // How long the API drains on SIGTERM: requests in flight get their answer until then, the rest
  // are cut off. Longer than a request's deadlines allow; `npm start`'s supervisor waits 15 s more
  // (compose's stop_grace_period and Kubernetes' terminationGracePeriodSeconds must too).
  API_DRAIN_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(30_000),
  /** Behind a reverse proxy: express's `trust proxy` (e.g. 1, or loopback), so limits see the client's address. */
  TRUST_PROXY: optionalText,
  TEMPORAL_UI_URL: z.url().default('http://localhost:8233'),
  // Login for people in the web pages (issue 17): the identity provider (default OIDC_ISSUER), the
  // pages' client there, the public address of the pages (default: the request's own host, for
  // development only), and how long a session lives (idle and at most).
  WEB_OIDC_ISSUER: z.preprocess((v) => (v === '' ? undefined : v), z.url().optional()),
  WEB_OIDC_CLIENT_ID: z.string().min(1).default('verzuimregie-web'),
  WEB_OIDC_CLIENT_SECRET: optionalText,
  WEB_BASE_URL: z.preprocess((v) => (v === '' ? undefined : v), z.url().optional()),
  WEB_SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(60),
  WEB_SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(24).default(8),
  // E-mail to schools (issue 5). Without SMTP_HOST: development writes each message to
  // DEV_MAIL_DIR, tests discard them, production refuses to start (see the check below).
  SMTP_HOST: optionalText,
  SMTP_PORT: z.coerce.number().int().min(1).max(65535).default(587),
  SMTP_USER: optionalText,
  SMTP_PASSWORD: optionalText,
  SMTP_FROM: z
    .string()
    .regex(/^([^<>]*<)?[^\s<>@]+@[^\s<>@]+>?$/, 'must be an e-mail address, optionally as Name <address>')
    .default('Leerplicht <leerplicht@localhost>'),
  DEV_MAIL_DIR: z.string().min(1).default('.data/mail'),
  /** Where schools open their links: the API as the internet sees it. */
  PUBLIC_BASE_URL: z
    .url()
    .default('http://localhost:3000')
    .transform((u) => u.replace(/\/+$/, '')),
  /** An answer link works until the request's deadline plus this many calendar days. */
  SCHOOL_LINK_GRACE_DAYS: z.coerce.number().int().min(1).max(90).default(14),
  /** A school's status link works this many days after the e-mail that carried it. */
  SCHOOL_STATUS_LINK_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  /** Wrong school-link tokens one client may try per 15 minutes before it gets 429. */
  SCHOOL_LINK_RATE_LIMIT: z.coerce.number().int().min(1).max(10_000).default(20),
  /** How long a claimed e-mail is protected before a retry takes it for interrupted and sends it again (same Message-ID). */
  EMAIL_SEND_LEASE_MS: z.coerce.number().int().min(5_000).max(3_600_000).default(60_000),
  /** The worker's reconciler: how often it looks for stored meldingen without a case, and how old they must be. */
  MELDING_RECONCILE_INTERVAL_MS: z.coerce.number().int().min(1_000).max(3_600_000).default(15_000),
  MELDING_RECONCILE_AFTER_MS: z.coerce.number().int().min(1_000).max(3_600_000).default(15_000),
  // Encryption of Temporal payloads (issue 4): `id:base64key,...` (32-byte keys) and the id that
  // encrypts new payloads. Unset in development/test: a fixed development key (with a warning).
  PAYLOAD_KEYS: optionalText,
  PAYLOAD_KEY_ID: optionalText,
  // The persons register (issue 13): the gemeente's Haal Centraal BRP Personen bevragen endpoint
  // (base URL, POST <url>/personen), with its API key and/or client certificate (PEM files).
  // Unset: letters take the youth's name from the register and the consultant adds addresses.
  BRP_URL: z.preprocess((v) => (v === '' ? undefined : v), z.url().optional()),
  BRP_API_KEY: optionalText,
  BRP_CLIENT_CERT: optionalText,
  BRP_CLIENT_KEY: optionalText,
  BRP_CA_CERT: optionalText,
}).superRefine((c, ctx) => {
  checkPayloadKeys(c, ctx);
  if (c.NODE_ENV === 'production' && !c.SMTP_HOST)
    ctx.addIssue({ code: 'custom', path: ['SMTP_HOST'], message: 'is required in production (e-mail to schools)' });
  if (!c.BRP_CLIENT_CERT !== !c.BRP_CLIENT_KEY)
    ctx.addIssue({ code: 'custom', path: ['BRP_CLIENT_KEY'], message: 'BRP_CLIENT_CERT and BRP_CLIENT_KEY go together' });
  if (!c.TEMPORAL_TLS_CERT !== !c.TEMPORAL_TLS_KEY)
    ctx.addIssue({ code: 'custom', path: ['TEMPORAL_TLS_KEY'], message: 'TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY go together' });
  if (!c.SMTP_USER !== !c.SMTP_PASSWORD)
    ctx.addIssue({ code: 'custom', path: ['SMTP_PASSWORD'], message: 'SMTP_USER and SMTP_PASSWORD go together' });
});

export type Config = z.infer<typeof ConfigSchema>;

/** PAYLOAD_KEYS well-formed, PAYLOAD_KEY_ID one of them (needed when there are several), both required in production. */
function checkPayloadKeys(c: { NODE_ENV: string; PAYLOAD_KEYS?: string; PAYLOAD_KEY_ID?: string }, ctx: z.RefinementCtx): void {
  if (!c.PAYLOAD_KEYS) {
    if (c.NODE_ENV === 'production')
      ctx.addIssue({ code: 'custom', path: ['PAYLOAD_KEYS'], message: 'is required in production (encryption of workflow payloads)' });
    if (c.PAYLOAD_KEY_ID) ctx.addIssue({ code: 'custom', path: ['PAYLOAD_KEY_ID'], message: 'is set but PAYLOAD_KEYS is not' });
    return;
  }
  let ids: string[];
  try {
    ids = [...parsePayloadKeys(c.PAYLOAD_KEYS).keys()];
  } catch (err) {
    ctx.addIssue({ code: 'custom', path: ['PAYLOAD_KEYS'], message: (err as Error).message });
    return;
  }
  if (c.PAYLOAD_KEY_ID ? !ids.includes(c.PAYLOAD_KEY_ID) : ids.length > 1)
    ctx.addIssue({ code: 'custom', path: ['PAYLOAD_KEY_ID'], message: `must name the current key, one of: ${ids.join(', ')}` });
}

/** The variable names, for checks that docker-compose and the README name only real settings. */
export const CONFIG_VARIABLES = Object.keys(ConfigSchema.shape) as (keyof Config)[];

export class ConfigError extends Error {}

export function parseConfig(env: NodeJS.ProcessEnv): Config {
  const result = ConfigSchema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  throw new ConfigError(`invalid configuration: ${problems.join('; ')}`);
}

/** For process entry points: a bad environment ends the process with one clear line. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  try {
    return parseConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
}
