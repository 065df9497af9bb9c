/**
 * A local OIDC issuer for development and tests, so the API is never open, not even locally:
 * it publishes its JWKS and discovery document and mints tokens for any role on request.
 * Loopback only; production points OIDC_* at the gemeente's identity provider.
 *
 *   tsx scripts/dev/oidc-issuer.ts <port> <keyFile>   prints `READY <issuer-url>` when listening
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type * as Jose from 'jose' with { 'resolution-mode': 'import' };

// jose is ESM-only; Node 20.19+ loads it with require() from this CommonJS code.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const jose: typeof Jose = require('jose');

export const DEV_AUDIENCE = 'verzuimregie-api';

export type TokenRequest = { sub: string; role: string; gemeenten?: string[]; schoolBrin?: string; ttlSeconds?: number };

/** The issuer's signing key, kept in a file so tokens survive a restart of the dev stack. */
export async function loadOrCreateKey(keyFile: string): Promise<{ privateKey: Jose.CryptoKey | Uint8Array; jwk: Jose.JWK }> {
  if (!fs.existsSync(keyFile)) {
    const { privateKey } = await jose.generateKeyPair('RS256', { extractable: true });
    fs.mkdirSync(path.dirname(keyFile), { recursive: true });
    fs.writeFileSync(keyFile, JSON.stringify(await jose.exportJWK(privateKey)), { mode: 0o600 });
  }
  const privateJwk = JSON.parse(fs.readFileSync(keyFile, 'utf8')) as Jose.JWK;
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicJwk } = privateJwk;
  return { privateKey: await jose.importJWK(privateJwk, 'RS256'), jwk: { ...publicJwk, kid: 'dev-1', alg: 'RS256', use: 'sig' } };
}

export async function mintToken(keyFile: string, issuer: string, req: TokenRequest): Promise<string> {
  const { privateKey } = await loadOrCreateKey(keyFile);
  return new jose.SignJWT({ role: req.role, gemeenten: req.gemeenten ?? [], ...(req.schoolBrin && { school_brin: req.schoolBrin }) })
    .setProtectedHeader({ alg: 'RS256', kid: 'dev-1' })
    .setSubject(req.sub)
    .setIssuer(issuer)
    .setAudience(DEV_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${req.ttlSeconds ?? 8 * 3600}s`)
    .sign(privateKey);
}

async function main() {
  const [portArg, keyFile] = process.argv.slice(2);
  if (!portArg || !keyFile) {
    process.stderr.write('usage: oidc-issuer.ts <port> <keyFile>\n');
    process.exit(2);
  }
  const issuer = `http://127.0.0.1:${portArg}`;
  const { jwk } = await loadOrCreateKey(keyFile);
  const server = http.createServer((req, res) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method === 'GET' && req.url === '/.well-known/openid-configuration')
      return send(200, { issuer, jwks_uri: `${issuer}/jwks.json`, token_endpoint: `${issuer}/token`, id_token_signing_alg_values_supported: ['RS256'] });
    if (req.method === 'GET' && req.url === '/jwks.json') return send(200, { keys: [jwk] });
    if (req.method === 'POST' && req.url === '/token') {
      let body = '';
      req.on('data', (c: Buffer) => (body += c));
      req.on('end', () => {
        try {
          const r = JSON.parse(body) as TokenRequest;
          if (!r.sub || !r.role) return send(400, { error: 'sub and role are required' });
          mintToken(keyFile, issuer, r).then((t) => send(200, { access_token: t, token_type: 'Bearer' }), (e: Error) => send(500, { error: e.message }));
        } catch {
          send(400, { error: 'malformed JSON' });
        }
      });
      return;
    }
    send(404, { error: 'not found' });
  });
  server.listen(Number(portArg), '127.0.0.1', () => process.stdout.write(`READY ${issuer}\n`));
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

if (require.main === module) void main();
