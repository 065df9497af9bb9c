import os from 'node:os';
import path from 'node:path';

/**
 * This machine's cache of things a checkout can take instead of making them again (the Temporal
 * CLI, PostgreSQL's template, checks that passed, workflow bundles): `VERZUIMREGIE_CACHE`, else
 * ~/.cache/verzuimregie. Everything in it is keyed by what it was made from, so any checkout on
 * the machine may use it.
 */
export function machineCacheDir(...parts: string[]): string {
  return path.join(process.env.VERZUIMREGIE_CACHE ?? path.join(os.homedir(), '.cache', 'verzuimregie'), ...parts);
}
