import express, { Router, type RequestHandler } from 'express';

/** The cookie that carries a user's token to the codec endpoint for the Temporal Web UI. */
export const CODEC_COOKIE = 'verzuimregie_codec';
const EIGHT_HOURS = 8 * 3600;

function cookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

/**
 * The Web UI cannot send a bearer token unless it runs behind the identity provider itself; with
 * "include cross-origin credentials" on, it sends cookies. A request without an Authorization
 * header uses the token from the codec cookie, so the same verification applies.
 */
export const bearerFromCookie: RequestHandler = (req, _res, next) => {
  const token = req.headers.authorization ? undefined : cookie(req.headers.cookie, CODEC_COOKIE);
  if (token && /^[A-Za-z0-9_.-]+$/.test(token)) req.headers.authorization = `Bearer ${token}`;
  next();
};

const page = (title: string, body: string) =>
  `<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>${title}</title></head><body><main><h1>${title}</h1>${body}</main></body></html>`;

/**
 * GET/POST /codec/session: sign in the Web UI's codec calls with a token (the user's own, from the
 * identity provider; in development from `npm run token`). The token is verified before the
 * HttpOnly cookie is set; POST /codec/session/end signs out.
 */
export function codecSessionRouter({ authenticate }: { authenticate: RequestHandler }): Router {
  const r = Router();
  const form = page(
    'Temporal Web UI: payloads leesbaar maken',
    `<form method="post" action="/codec/session"><p><label for="token">Uw toegangstoken</label></p>
<p><textarea id="token" name="token" rows="6" cols="80" required></textarea></p><p><button type="submit">Aanmelden</button></p></form>
<p>Zet daarna in de Web UI bij de codec-instellingen "Include cross-origin credentials" aan.</p>`,
  );
  r.get('/session', (_req, res) => {
    res.type('html').send(form);
  });
  r.post('/session', express.urlencoded({ extended: false, limit: '16kb' }), (req, res, next) => {
    // Only the form is read; any other body (JSON, none) has no token: 401 below, never a crash.
    const token = String((req.body as { token?: unknown } | undefined)?.token ?? '').trim();
    req.headers.authorization = `Bearer ${token}`;
    authenticate(req, res, (err?: unknown) => {
      if (err) return next(err);
      res.cookie(CODEC_COOKIE, token, { httpOnly: true, sameSite: 'lax', path: '/codec', maxAge: EIGHT_HOURS * 1000 });
      res.type('html').send(page('Aangemeld', '<p>De Web UI kan de payloads van zaken nu leesbaar tonen, volgens uw rol.</p>'));
    });
  });
  r.post('/session/end', (_req, res) => {
    res.clearCookie(CODEC_COOKIE, { path: '/codec' });
    res.type('html').send(page('Afgemeld', '<p>De codec-cookie is verwijderd.</p>'));
  });
  return r;
}
