import { startReadyProcess } from './ready-process';

export type RunningIssuer = { issuer: string; jwksUrl: string; stop: () => Promise<void> };

/** Starts the development OIDC issuer (scripts/dev/oidc-issuer.ts) as its own process; port 0 takes any free one. */
export async function startDevIssuer(port: number, keyFile: string, opts: { detached?: boolean } = {}): Promise<RunningIssuer> {
  const p = await startReadyProcess('oidc-issuer.ts', [String(port), keyFile], 'the development OIDC issuer', opts);
  return { issuer: p.value, jwksUrl: `${p.value}/jwks.json`, stop: p.stop };
}

/** Asks a running development issuer for a token. */
export async function devToken(issuer: string, claims: { sub: string; role: string; gemeenten?: string[]; schoolBrin?: string; ttlSeconds?: number }): Promise<string> {
  const res = await fetch(`${issuer}/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(claims) });
  if (!res.ok) throw new Error(`the development issuer refused a token: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { access_token: string }).access_token;
}
