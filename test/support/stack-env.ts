import fs from 'node:fs';
import path from 'node:path';

/** Where the shared test stack is; written by the global setup (stack.ts), read by test files. */
export const root = path.resolve(__dirname, '..', '..');
/**
 * Each jest run has its own folder (the global setup names it in the environment, which the test
 * workers inherit), so two runs in one checkout do not share or wipe each other's servers.
 */
export const testDataDir = process.env.VERZUIMREGIE_TEST_DIR ?? path.join(root, '.data', 'test-runs', String(process.pid));
export const envFile = path.join(testDataDir, 'env.json');

export type TestStack = {
  databaseUrl: string;
  temporalAddress: string;
  workflowBundlePath: string;
  testServerPath: string;
  /** The development OIDC issuer that signs the test tokens. */
  issuer: string;
  jwksUrl: string;
  /** The development Haal Centraal BRP server (scripts/dev/brp-server.ts); tests add persons to it. */
  brpUrl: string;
  /**
   * The key the stack's processes encrypt workflow payloads with (PAYLOAD_KEYS, PAYLOAD_KEY_ID), as
   * a deployment configures it: made for the run, never the development key of a process without
   * one. Every api, worker and script on the stack gets it (payloadKeyEnv).
   */
  payloadKey: { id: string; key: string };
  /**
   * The api and worker the integration files share (processes.ts, sharedApp), and the folder where
   * the SMTP server they send to keeps every message (smtp-server.ts, sharedMailbox).
   */
  sharedApp?: { baseUrl: string; taskQueue: string; logFile: string; mailDir: string };
};

export function stack(): TestStack {
  if (!fs.existsSync(envFile)) throw new Error('the test stack is not running: run the tests through jest (npm test)');
  return JSON.parse(fs.readFileSync(envFile, 'utf8')) as TestStack;
}

/** The stack's payload key as the configuration takes it (platform/config.ts). */
export function payloadKeyEnv(s: TestStack = stack()): { PAYLOAD_KEYS: string; PAYLOAD_KEY_ID: string } {
  return { PAYLOAD_KEYS: `${s.payloadKey.id}:${s.payloadKey.key}`, PAYLOAD_KEY_ID: s.payloadKey.id };
}

/**
 * A second client on the test database whose sessions run in `timeZone` (Europe/Amsterdam, say):
 * what a statement writes through it and reads back through the default (UTC) client shows a time
 * written in local time instead of UTC.
 */
export function databaseUrlInTimeZone(timeZone: string): string {
  const url = new URL(stack().databaseUrl);
  url.searchParams.set('options', `-c TimeZone=${timeZone}`);
  return url.toString();
}
