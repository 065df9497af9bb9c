/**
 * The development identity provider, so the API is never open, not even locally: a real OpenID
 * Connect provider (panva's oidc-provider) with a login page where a newcomer picks a development
 * user of each role (scripts/dev/dev-users.ts), for the web pages' authorization code flow with
 * PKCE; and `POST /token`, which mints a bearer token for any role for machine clients and tests
 * (`npm run token`). Both sign with one key (kid dev-1) published at /jwks.json.
 * Loopback only; production points OIDC_* and WEB_OIDC_* at the gemeente's identity provider.
 *
 *   tsx scripts/dev/oidc-issuer.ts <port> <keyFile>   prints `READY <issuer-url>` when listening (port 0: any free one)
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type * as Jose from 'jose' with { 'resolution-mode': 'import' };
import type * as OidcProvider from 'oidc-provider' with { 'resolution-mode': 'import' };
import { html, raw } from '../../web/html';
import { DEV_WEB_CLIENT } from '../../web/dev-client';
import { DEV_USERS, devClaims, devUser } from './dev-users';

// jose and oidc-provider are ESM-only; Node 20.19+ loads them with require() from this CommonJS code.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const jose: typeof Jose = require('jose');

export const DEV_AUDIENCE = 'verzuimregie-api';
/** The resource indicator of the API (RFC 8707 wants an absolute URI); its tokens' audience is DEV_AUDIENCE. */
export const API_RESOURCE = 'urn:verzuimregie:api';

export type TokenRequest = { sub: string; role: string; gemeenten?: string[]; schoolBrin?: string; ttlSeconds?: number };

/** The issuer's signing key, kept in a file so tokens survive a restart of the dev stack. */
export async function loadOrCreateKey(keyFile: string): Promise<{ privateKey: Jose.CryptoKey | Uint8Array; jwk: Jose.JWK; privateJwk: Jose.JWK }> {
  if (!fs.existsSync(keyFile)) {
    const { privateKey } = await jose.generateKeyPair('RS256', { extractable: true });
    fs.mkdirSync(path.dirname(keyFile), { recursive: true });
    fs.writeFileSync(keyFile, JSON.stringify(await jose.exportJWK(privateKey)), { mode: 0o600 });
  }
  const privateJwk = JSON.parse(fs.readFileSync(keyFile, 'utf8')) as Jose.JWK;
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicJwk } = privateJwk;
  const meta = { kid: 'dev-1', alg: 'RS256', use: 'sig' };
  return { privateKey: await jose.importJWK(privateJwk, 'RS256'), jwk: { ...publicJwk, ...meta }, privateJwk: { ...privateJwk, ...meta } };
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

/** Any loopback address, any port: the web app's callback in development and tests (random ports). */
function loopbackUri(value: string, pathname: string): boolean {
  try {
    const u = new URL(value);
    return u.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname) && u.pathname === pathname;
  } catch {
    return false;
  }
}

const ROLE_LABELS: Record<string, string> = {
  consultant: 'Leerplichtambtenaar',
  teamlead: 'Teamleider',
  management: 'Management',
  admin: 'Functioneel beheerder',
  school: 'School',
  partner: 'Partner',
  privacy: 'Privacy officer',
};

const CSS_FILES = {
  '/assets/utrecht.css': require.resolve('@utrecht/component-library-css/dist/index.css'),
  '/assets/tokens.css': require.resolve('@utrecht/design-tokens/dist/index.css'),
} as Record<string, string>;

function loginPage(uid: string, clientName: string) {
  return html`<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Inloggen (ontwikkelomgeving) - Verzuimregie</title>
<link rel="stylesheet" href="/assets/tokens.css"><link rel="stylesheet" href="/assets/utrecht.css">
<style>body{margin:0;background:#f3f3f3}.wrap{max-width:44rem;margin:0 auto;padding:2rem 1rem}.user{display:block;width:100%;text-align:left;margin-block-end:.75rem}.user small{display:block;font-weight:normal}</style>
</head><body class="utrecht-theme utrecht-document">
<main class="wrap utrecht-page-content" id="main">
<h1 class="utrecht-heading-1">Inloggen bij ${clientName}</h1>
<p class="utrecht-paragraph">Dit is de ontwikkel-identiteitsprovider van Verzuimregie. Kies als wie u inlogt; in productie logt u in bij de identiteitsprovider van de gemeente.</p>
<form method="post" action="/interaction/${uid}/login">
<fieldset class="utrecht-form-fieldset"><legend class="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">Ontwikkelgebruiker</legend>
${DEV_USERS.map(
    (u) => html`<button class="utrecht-button utrecht-button--secondary-action user" type="submit" name="sub" value="${u.sub}">${ROLE_LABELS[u.role] ?? u.role}: ${u.name}<small>${u.description}</small></button>`,
  )}
</fieldset></form>
<form method="post" action="/interaction/${uid}/abort"><button class="utrecht-button utrecht-button--subtle" type="submit">Annuleren</button></form>
</main></body></html>`.value;
}

async function readForm(req: http.IncomingMessage): Promise<URLSearchParams> {
  let body = '';
  for await (const chunk of req) {
    body += chunk;
    if (body.length > 10_000) break;
  }
  return new URLSearchParams(body);
}

export async function createDevProvider(issuer: string, keyFile: string): Promise<http.RequestListener> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { default: Provider } = require('oidc-provider') as typeof OidcProvider;
  const { privateJwk } = await loadOrCreateKey(keyFile);
  const cookieKey = crypto.createHash('sha256').update(JSON.stringify(privateJwk)).digest('base64url');
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: DEV_WEB_CLIENT.id,
        client_secret: DEV_WEB_CLIENT.secret,
        client_name: 'Verzuimregie',
        redirect_uris: ['http://localhost:3000/auth/callback'],
        post_logout_redirect_uris: ['http://localhost:3000/uitgelogd'],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: { keys: [privateJwk as OidcProvider.JWK] },
    cookies: { keys: [cookieKey] },
    pkce: { required: () => true },
    routes: { token: '/oauth/token', jwks: '/jwks.json' },
    claims: { openid: ['sub'], profile: ['name', 'role', 'gemeenten', 'school_brin'] },
    // The ID token carries the role and scope claims, so the web session knows who logged in.
    conformIdTokenClaims: false,
    scopes: ['openid', 'profile'],
    ttl: { AccessToken: 8 * 3600, IdToken: 3600, Interaction: 3600, Session: 8 * 3600, Grant: 8 * 3600, AuthorizationCode: 60 },
    async findAccount(_ctx, sub) {
      const user = devUser(sub);
      if (!user) return undefined;
      return { accountId: sub, claims: async () => ({ sub, ...devClaims(user) }) };
    },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        // Dutch, in the same design; the provider's form carries its own CSRF token.
        logoutSource: async (ctx, form) => {
          ctx.body = html`<!doctype html><html lang="nl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Uitloggen - Verzuimregie</title>
<link rel="stylesheet" href="/assets/tokens.css"><link rel="stylesheet" href="/assets/utrecht.css"><style>body{margin:0;background:#f3f3f3}.wrap{max-width:44rem;margin:0 auto;padding:2rem 1rem}</style></head>
<body class="utrecht-theme utrecht-document"><main class="wrap"><h1 class="utrecht-heading-1">Uitloggen bij de identiteitsprovider</h1>
<p class="utrecht-paragraph">U bent uitgelogd bij Verzuimregie. Wilt u ook hier uitloggen?</p>${raw(form)}
<button class="utrecht-button utrecht-button--primary-action" autofocus type="submit" form="op.logoutForm" value="yes" name="logout">Ja, uitloggen</button>
<button class="utrecht-button utrecht-button--secondary-action" type="submit" form="op.logoutForm">Nee</button></main></body></html>`.value;
        },
      },
      resourceIndicators: {
        enabled: true,
        defaultResource: async () => API_RESOURCE,
        useGrantedResource: async () => true,
        getResourceServerInfo: async (_ctx, resource) => {
          if (resource !== API_RESOURCE) throw new Error(`unknown resource ${resource}`);
          return { scope: 'api', audience: DEV_AUDIENCE, accessTokenTTL: 8 * 3600, accessTokenFormat: 'jwt', jwt: { sign: { alg: 'RS256' } } };
        },
      },
    },
    // The access token for the API carries the same claims as `npm run token`'s.
    async extraTokenClaims(_ctx, token) {
      const accountId = 'accountId' in token ? token.accountId : undefined;
      const user = accountId ? devUser(accountId) : undefined;
      return user ? { role: user.role, gemeenten: user.gemeenten, ...(user.schoolBrin && { school_brin: user.schoolBrin }) } : undefined;
    },
    // A first-party client: no consent screen, the grant is given at login.
    async loadExistingGrant(ctx) {
      const oidc = ctx.oidc;
      const grantId = oidc.result?.consent?.grantId ?? oidc.session!.grantIdFor(oidc.client!.clientId);
      if (grantId) return oidc.provider.Grant.find(grantId);
      const grant = new oidc.provider.Grant({ clientId: oidc.client!.clientId, accountId: oidc.session!.accountId! });
      grant.addOIDCScope('openid profile');
      grant.addResourceScope(API_RESOURCE, 'api');
      await grant.save();
      return grant;
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  });
  // Web apps in development and tests listen on random loopback ports.
  const client = provider.Client.prototype as unknown as { redirectUriAllowed(v: string): boolean; postLogoutRedirectUriAllowed(v: string): boolean };
  const redirectAllowed = client.redirectUriAllowed;
  client.redirectUriAllowed = function (v: string) {
    return loopbackUri(v, '/auth/callback') || redirectAllowed.call(this, v);
  };
  const logoutAllowed = client.postLogoutRedirectUriAllowed;
  client.postLogoutRedirectUriAllowed = function (v: string) {
    return loopbackUri(v, '/uitgelogd') || logoutAllowed.call(this, v);
  };
  const callback = provider.callback();

  return (req, res) => {
    const url = new URL(req.url ?? '/', issuer);
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const fail = (err: unknown) => {
      if (!res.headersSent) res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`Inloggen mislukt: ${(err as Error).message}`);
    };
    if (req.method === 'GET' && CSS_FILES[url.pathname]) {
      res.writeHead(200, { 'content-type': 'text/css', 'cache-control': 'max-age=3600' });
      fs.createReadStream(CSS_FILES[url.pathname]!).pipe(res);
      return;
    }
    // Machine clients and tests: a token for any role (JSON body), as before this provider.
    if (req.method === 'POST' && url.pathname === '/token') {
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
    const interaction = /^\/interaction\/([A-Za-z0-9_-]+)(\/login|\/abort)?$/.exec(url.pathname);
    if (interaction) {
      const [, uid, action] = interaction;
      void (async () => {
        const details = await provider.interactionDetails(req, res);
        if (details.uid !== uid) throw new Error('unknown interaction');
        if (req.method === 'GET' && !action) {
          res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
          res.end(loginPage(uid!, 'Verzuimregie'));
          return;
        }
        if (req.method === 'POST' && action === '/login') {
          const sub = (await readForm(req)).get('sub') ?? '';
          if (!devUser(sub)) throw new Error('unknown development user');
          await provider.interactionFinished(req, res, { login: { accountId: sub } }, { mergeWithLastSubmission: false });
          return;
        }
        if (req.method === 'POST' && action === '/abort') {
          await provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'login cancelled' }, { mergeWithLastSubmission: false });
          return;
        }
        send(405, { error: 'method not allowed' });
      })().catch(fail);
      return;
    }
    // The provider (koa) answers its own errors; nothing to await here.
    void callback(req, res);
  };
}

async function main() {
  const [portArg, keyFile] = process.argv.slice(2);
  if (!portArg || !keyFile) {
    process.stderr.write('usage: oidc-issuer.ts <port> <keyFile>\n');
    process.exit(2);
  }
  // Port 0: the system's choice, known once listening (the issuer's URL names it). A port chosen
  // before by another process could be taken meanwhile (a Temporal server picks free ports too).
  const server = http.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(Number(portArg), '127.0.0.1', () => resolve());
  });
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  server.on('request', await createDevProvider(issuer, keyFile));
  process.stdout.write(`READY ${issuer}\n`);
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

if (require.main === module) void main();
