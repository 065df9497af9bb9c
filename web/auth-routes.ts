import express, { Router, type Request } from 'express';
import type * as OpenIdClient from 'openid-client' with { 'resolution-mode': 'import' };
import type { Db } from '../prisma/client';
import type { Logger } from '../platform/logger';
import { html } from './html';
import { HOME, page } from './layout';
import { cookieOptions, createSession, csrfMatches, destroySession, LOGIN_COOKIE, loadSession, randomToken, readCookie, sha256, type SessionSettings } from './session';

// openid-client is ESM-only; Node 20.19+ loads it with require() from this CommonJS code.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const loadClient = (): typeof OpenIdClient => require('openid-client');

export type WebAuthSettings = {
  issuer: string;
  clientId: string;
  /** Unset in production without WEB_OIDC_CLIENT_SECRET: login is refused with 503. */
  clientSecret?: string;
  /** The pages' public address; unset in development: the request's own host. */
  baseUrl?: string;
  /** Production: never derive the callback address from the request's Host header. */
  requireBaseUrl?: boolean;
  session: SessionSettings;
};

const LOGIN_TTL_MS = 10 * 60_000;

/** Only local paths are allowed as a return address after login (no open redirect). */
export function safeReturnTo(v: unknown): string {
  return typeof v === 'string' && /^\/(?![/\\])[A-Za-z0-9/_.~?&=%+-]*$/.test(v) ? v : '/';
}

function baseUrlOf(req: Request, settings: WebAuthSettings): string {
  return (settings.baseUrl ?? `${req.protocol}://${req.get('host')}`).replace(/\/+$/, '');
}

/**
 * Login for people through the server (backend-for-frontend): the authorization code flow with
 * PKCE at the configured identity provider, then a server-side session. The browser never sees a
 * token. Logout ends the session here and at the provider.
 */
export function webAuthRouter(deps: { prisma: Db; log: Logger; settings: WebAuthSettings }): Router {
  const { prisma, log, settings } = deps;
  // Loaded at the first login, so building the app (and jest's CommonJS sandbox) does not need it.
  let loaded: typeof OpenIdClient | undefined;
  const openid = () => (loaded ??= loadClient());
  let discovered: Promise<OpenIdClient.Configuration> | null = null;
  // Discovered at the first login (the provider may start after the API); retried after a failure.
  const configuration = () => {
    const client = openid();
    discovered ??= client
      .discovery(new URL(settings.issuer), settings.clientId, settings.clientSecret, undefined, {
        execute: new URL(settings.issuer).protocol === 'http:' ? [client.allowInsecureRequests] : [],
      })
      .catch((err: unknown) => {
        discovered = null;
        throw err;
      });
    return discovered;
  };
  const r = Router();

  r.get('/inloggen', async (req, res) => {
    const returnTo = safeReturnTo(req.query.terug);
    const existing = await loadSession(prisma, req, settings.session);
    if (existing) return res.redirect(303, returnTo === '/' ? (HOME[existing.user.role] ?? '/') : returnTo);
    let config: OpenIdClient.Configuration;
    try {
      if (!settings.clientSecret || !settings.issuer || (settings.requireBaseUrl && !settings.baseUrl))
        throw new Error('web login is not configured: set WEB_OIDC_CLIENT_SECRET and WEB_BASE_URL (and WEB_OIDC_ISSUER or OIDC_ISSUER)');
      config = await configuration();
    } catch (err) {
      log.warn({ err: (err as Error).message }, 'identity provider not reachable');
      res.status(503).type('html').send(page({ title: 'Inloggen lukt nu niet', body: html`<h1 class="utrecht-heading-1">Inloggen lukt nu niet</h1><p class="utrecht-paragraph">De identiteitsprovider is niet bereikbaar. Probeer het over een paar minuten opnieuw.</p>` }));
      return;
    }
    const client = openid();
    const codeVerifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const browserKey = randomToken();
    await prisma.webLogin.deleteMany({ where: { expiresAt: { lt: new Date() } } });
    await prisma.webLogin.create({ data: { id: sha256(browserKey), state, codeVerifier, nonce, returnTo, expiresAt: new Date(Date.now() + LOGIN_TTL_MS) } });
    res.cookie(LOGIN_COOKIE, browserKey, cookieOptions(settings.session, LOGIN_TTL_MS));
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: `${baseUrlOf(req, settings)}/auth/callback`,
      scope: 'openid profile api',
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    res.redirect(303, url.href);
  });

  r.get('/auth/callback', async (req, res) => {
    const browserKey = readCookie(req, LOGIN_COOKIE);
    const state = typeof req.query.state === 'string' ? req.query.state : '';
    const login = browserKey ? await prisma.webLogin.findUnique({ where: { id: sha256(browserKey) } }) : null;
    res.clearCookie(LOGIN_COOKIE, cookieOptions(settings.session));
    const refuse = (why: string) =>
      res
        .status(400)
        .type('html')
        .send(page({ title: 'Inloggen mislukt', body: html`<h1 class="utrecht-heading-1">Inloggen mislukt</h1><p class="utrecht-paragraph">${why}</p><p class="utrecht-paragraph"><a class="utrecht-link" href="/inloggen">Opnieuw inloggen</a></p>` }));
    if (!login || login.state !== state || login.expiresAt < new Date()) return refuse('Deze inlogpoging is verlopen of niet in deze browser begonnen.');
    await prisma.webLogin.delete({ where: { id: login.id } });
    if (typeof req.query.error === 'string') return refuse('De inlogpoging is afgebroken.');
    try {
      const config = await configuration();
      const client = openid();
      const current = new URL(`${baseUrlOf(req, settings)}${req.originalUrl}`);
      const tokens = await client.authorizationCodeGrant(config, current, { pkceCodeVerifier: login.codeVerifier, expectedState: login.state, expectedNonce: login.nonce, idTokenExpected: true });
      const claims = tokens.claims()!;
      const role = typeof claims.role === 'string' ? claims.role : '';
      if (!role || !tokens.access_token) return refuse('Uw account heeft geen rol in Verzuimregie.');
      const expiresIn = tokens.expiresIn();
      await createSession(prisma, res, settings.session, {
        user: {
          id: claims.sub,
          role,
          name: typeof claims.name === 'string' ? claims.name : claims.sub,
          gemeenten: Array.isArray(claims.gemeenten) ? claims.gemeenten.map(String) : [],
          schoolBrin: typeof claims.school_brin === 'string' ? claims.school_brin : undefined,
        },
        accessToken: tokens.access_token,
        idToken: tokens.id_token,
        tokenExpiresAt: expiresIn ? new Date(Date.now() + expiresIn * 1000) : undefined,
      });
      log.info({ role }, 'web login');
      res.redirect(303, login.returnTo === '/' ? (HOME[role] ?? '/') : login.returnTo);
    } catch (err) {
      log.warn({ err: (err as Error).message }, 'web login failed');
      refuse('De identiteitsprovider gaf geen geldige aanmelding terug.');
    }
  });

  r.post('/uitloggen', express.urlencoded({ extended: false, limit: '4kb' }), async (req, res) => {
    const session = await loadSession(prisma, req, settings.session);
    if (session && !csrfMatches(session, (req.body as { _csrf?: unknown })._csrf)) {
      res.status(403).type('html').send(page({ title: 'Formulier verlopen', body: html`<h1 class="utrecht-heading-1">Formulier verlopen</h1><p class="utrecht-paragraph">Laad de pagina opnieuw en probeer het nog eens.</p>` }));
      return;
    }
    await destroySession(prisma, req, res, settings.session);
    // Also end the session at the identity provider, so the next login asks who you are.
    try {
      const config = await configuration();
      if (config.serverMetadata().end_session_endpoint && session?.idToken) {
        const url = openid().buildEndSessionUrl(config, { id_token_hint: session.idToken, post_logout_redirect_uri: `${baseUrlOf(req, settings)}/uitgelogd` });
        return res.redirect(303, url.href);
      }
    } catch {
      // The provider is unreachable: our session has ended all the same.
    }
    res.redirect(303, '/uitgelogd');
  });

  r.get('/uitgelogd', (_req, res) => {
    res.type('html').send(
      page({
        title: 'Uitgelogd',
        body: html`<div class="hero"><h1 class="utrecht-heading-1">U bent uitgelogd</h1><p class="utrecht-paragraph">Uw sessie is beëindigd.</p><p><a class="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--primary-action" href="/inloggen">Opnieuw inloggen</a></p></div>`,
      }),
    );
  });

  return r;
}
