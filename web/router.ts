import path from 'node:path';
import express, { Router, type NextFunction, type Request, type Response } from 'express';
import type { Db } from '../prisma/client';
import type { Logger } from '../platform/logger';
import { root } from '../platform/root';
import { webAuthRouter, type WebAuthSettings } from './auth-routes';
import { html, type Html } from './html';
import { HOME, page, type Flash } from './layout';
import { csrfMatches, loadSession, type WebSession } from './session';
import { casePages } from './pages/case';
import { queuePages } from './pages/queue';
import { signalPages } from './pages/signals';
import { reportPages } from './pages/dashboard';
import { adminPages } from './pages/admin';
import { schoolHolidayPages } from './pages/school-holidays';
import { schoolPages } from './pages/school';
import { reportFormPages } from './pages/report-forms';
import { noteArrivalPort } from './api-client';

export type WebDeps = { prisma: Db; log: Logger; auth: WebAuthSettings; temporalUiUrl: string; temporalNamespace: string };

/** What a page handler gets: the request, the response and the person's live session. */
export type PageCtx = { req: Request; res: Response; session: WebSession; deps: WebDeps };

type Handler = (ctx: PageCtx) => Promise<void>;

/** Sends a page in the site's layout for the person of this session. */
export function sendPage(ctx: PageCtx, o: { title: string; body: Html; status?: number; flash?: Flash; breadcrumbs?: { href: string; label: string }[]; wide?: boolean }): void {
  ctx.res
    .status(o.status ?? 200)
    .type('html')
    .set('cache-control', 'no-store')
    .send(page({ ...o, user: ctx.session.user, csrf: ctx.session.csrfToken, path: ctx.req.path }));
}

export type Pages = {
  get(path: string, roles: string[], handler: Handler): void;
  post(path: string, roles: string[], handler: Handler): void;
};

const ASSETS: Record<string, string> = {
  'utrecht.css': require.resolve('@utrecht/component-library-css/dist/index.css'),
  'tokens.css': require.resolve('@utrecht/design-tokens/dist/index.css'),
  // From the project root: this code also runs from the app bundle in dist/app/.
  'app.css': path.join(root, 'web', 'assets', 'app.css'),
  'queue-refresh.js': path.join(root, 'web', 'assets', 'queue-refresh.js'),
};

/**
 * The web pages (issue 17), served by the API's own express app: server-rendered Dutch HTML on
 * NL Design System (Utrecht) components, plain forms (POST, redirect, GET) that work without
 * JavaScript. Every read and every change goes through the JSON API with the person's token.
 */
export function webRouter(deps: WebDeps): Router {
  const r = Router();
  r.use(noteArrivalPort);
  r.get('/assets/:file', (req, res, next) => {
    const file = ASSETS[req.params.file];
    if (!file) return next();
    res.set('cache-control', 'public, max-age=3600');
    res.sendFile(file);
  });
  // Logout posts to our page, which redirects to the identity provider: CSP's form-action must allow it.
  const issuerOrigin = deps.auth.issuer ? new URL(deps.auth.issuer).origin : '';
  r.use((_req, res, next) => {
    const csp = res.getHeader('content-security-policy');
    if (typeof csp === 'string' && issuerOrigin) res.setHeader('content-security-policy', csp.replace("form-action 'self'", `form-action 'self' ${issuerOrigin}`));
    next();
  });
  r.use(webAuthRouter({ prisma: deps.prisma, log: deps.log, settings: deps.auth }));

  const withSession = (roles: string[], handler: Handler, isPost: boolean) => async (req: Request, res: Response, next: NextFunction) => {
    try {
      const session = await loadSession(deps.prisma, req, deps.auth.session);
      if (!session) {
        if (isPost) {
          res.status(401).type('html').send(page({ title: 'Sessie verlopen', body: html`<h1 class="utrecht-heading-1">Uw sessie is verlopen</h1><p class="utrecht-paragraph">Log opnieuw in en vul het formulier nog eens in.</p><p><a class="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--primary-action" href="/inloggen?terug=${encodeURIComponent(req.path)}">Inloggen</a></p>` }));
          return;
        }
        return res.redirect(303, `/inloggen?terug=${encodeURIComponent(req.originalUrl)}`);
      }
      const ctx: PageCtx = { req, res, session, deps };
      if (!roles.includes(session.user.role)) {
        sendPage(ctx, { status: 403, title: 'Geen toegang', body: html`<h1 class="utrecht-heading-1">Geen toegang</h1><p class="utrecht-paragraph">Deze pagina hoort niet bij uw rol.</p><p><a class="utrecht-link" href="${HOME[session.user.role] ?? '/'}">Naar uw startpagina</a></p>` });
        return;
      }
      if (isPost && !csrfMatches(session, (req.body as { _csrf?: unknown } | undefined)?._csrf)) {
        sendPage(ctx, { status: 403, title: 'Formulier verlopen', body: html`<h1 class="utrecht-heading-1">Formulier verlopen</h1><p class="utrecht-paragraph">Het formulier hoort niet bij uw huidige sessie. Ga terug, laad de pagina opnieuw en verstuur het nog eens.</p>` });
        return;
      }
      await handler(ctx);
    } catch (err) {
      next(err);
    }
  };
  // The assignment rules page posts every rule (four fields each, hidden copies of the rules it
  // showed besides): 500 fields cut it off at about 120 rules, which a region of 10 gemeenten and
  // its schools passes. The API checks what the pages send.
  const form = express.urlencoded({ extended: false, limit: '1mb', parameterLimit: 20_000 });
  const pages: Pages = {
    get: (p, roles, handler) => r.get(p, withSession(roles, handler, false)),
    post: (p, roles, handler) => r.post(p, form, withSession(roles, handler, true)),
  };

  r.get('/', async (req, res, next) => {
    try {
      const session = await loadSession(deps.prisma, req, deps.auth.session);
      if (session) return res.redirect(303, HOME[session.user.role] ?? '/uitgelogd');
      res
        .type('html')
        .send(
          page({
            title: 'Welkom',
            body: html`<div class="hero"><h1 class="utrecht-heading-1">Verzuimregie</h1>
<p class="utrecht-paragraph">De werkomgeving van Leerplicht en Voortijdig Schoolverlaten Zuid-Holland Zuid: verzuimmeldingen, vroegsignalen en thuiszitters volgens de Methodische Aanpak Schoolverzuim.</p>
<p class="utrecht-paragraph">Leerplichtambtenaren, teamleiders, scholen, partners, management, beheer en de privacy officer loggen in met hun account bij de gemeente.</p>
<p><a class="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--primary-action" href="/inloggen">Inloggen</a></p></div>`,
          }),
        );
    } catch (err) {
      next(err);
    }
  });
  r.get('/toegankelijkheid', (_req, res) => {
    res.type('html').send(
      page({
        title: 'Toegankelijkheid',
        body: html`<h1 class="utrecht-heading-1">Toegankelijkheid</h1><p class="utrecht-paragraph">Verzuimregie wil voldoen aan WCAG 2.1 niveau AA (Besluit digitale toegankelijkheid overheid). Elke pagina wordt bij elke wijziging automatisch getoetst met axe-core en met het toetsenbord doorlopen. Alle formulieren werken zonder JavaScript.</p>`,
      }),
    );
  });

  queuePages(pages);
  casePages(pages);
  reportFormPages(pages);
  signalPages(pages);
  schoolPages(pages);
  reportPages(pages);
  adminPages(pages);
  schoolHolidayPages(pages);
  return r;
}
