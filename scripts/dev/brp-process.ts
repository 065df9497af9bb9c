import { startReadyProcess } from './ready-process';
import type { SeedPerson } from './brp-server';

export type RunningBrp = { url: string; stop: () => Promise<void> };

/** Starts the local Haal Centraal BRP server (scripts/dev/brp-server.ts) as its own process. */
export async function startDevBrp(port: number, opts: { detached?: boolean; apiKey?: string } = {}): Promise<RunningBrp> {
  const p = await startReadyProcess('brp-server.ts', [String(port), ...(opts.apiKey ? [opts.apiKey] : [])], 'the development BRP server', opts);
  return { url: p.value, stop: p.stop };
}

/** Adds persons to a running development BRP server (tests: persons with their own BSNs). */
export async function seedDevBrp(url: string, personen: SeedPerson[], apiKey?: string): Promise<void> {
  const res = await fetch(`${url}/dev/personen`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(apiKey && { 'x-api-key': apiKey }) },
    body: JSON.stringify({ personen }),
  });
  if (!res.ok) throw new Error(`the development BRP server refused the persons: ${res.status} ${await res.text()}`);
}
