import { html, type Html } from './html';
import { ROLE_LABELS } from './labels';
import type { WebUser } from './session';

/** The navigation per role: what each person's job consists of. */
export const NAV: Record<string, { href: string; label: string }[]> = {
  consultant: [
    { href: '/werkvoorraad', label: 'Werkvoorraad' },
    { href: '/signalen', label: 'Vroegsignalen' },
    { href: '/meldingen/nieuw', label: 'Melding invoeren' },
  ],
  teamlead: [
    { href: '/team', label: 'Team' },
    { href: '/werkvoorraad', label: 'Werkvoorraad' },
    { href: '/signalen', label: 'Vroegsignalen' },
    { href: '/dashboard', label: 'Dashboard' },
  ],
  management: [
    { href: '/dashboard', label: 'Dashboard' },
    { href: '/audit', label: 'Audittrail' },
  ],
  admin: [
    { href: '/beheer/beleid', label: 'Regiobeleid' },
    { href: '/beheer/schoolvakanties', label: 'Schoolvakanties' },
    { href: '/beheer/toewijzing', label: 'Toewijzingsregels' },
  ],
  school: [
    { href: '/school-portaal', label: 'Mijn meldingen' },
    { href: '/meldingen/nieuw', label: 'Verzuim melden' },
    { href: '/signalen/nieuw', label: 'Vroegsignaal melden' },
  ],
  partner: [{ href: '/signalen/nieuw', label: 'Vroegsignaal melden' }],
  privacy: [{ href: '/logboek', label: 'Logboek dataverwerkingen' }],
};

export const HOME: Record<string, string> = {
  consultant: '/werkvoorraad',
  teamlead: '/team',
  management: '/dashboard',
  admin: '/beheer/beleid',
  school: '/school-portaal',
  partner: '/signalen/nieuw',
  privacy: '/logboek',
};

export type Flash = { kind: 'ok' | 'error' | 'warning' | 'info'; text: string };

export type PageOptions = {
  title: string;
  user?: WebUser;
  csrf?: string;
  path?: string;
  flash?: Flash;
  breadcrumbs?: { href: string; label: string }[];
  body: Html;
  wide?: boolean;
};

const ALERT: Record<Flash['kind'], string> = { ok: 'ok', error: 'error', warning: 'warning', info: 'info' };

export function alert(flash: Flash): Html {
  return html`<div class="utrecht-alert utrecht-alert--${ALERT[flash.kind]}" role="${flash.kind === 'error' ? 'alert' : 'status'}"><div class="utrecht-alert__content"><p class="utrecht-paragraph">${flash.text}</p></div></div>`;
}

export function page(o: PageOptions): string {
  const nav = o.user ? (NAV[o.user.role] ?? []) : [];
  return `<!doctype html>${html`<html lang="nl">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${o.title} - Verzuimregie</title>
<link rel="stylesheet" href="/assets/tokens.css"><link rel="stylesheet" href="/assets/utrecht.css"><link rel="stylesheet" href="/assets/app.css">
</head>
<body class="utrecht-theme utrecht-document utrecht-document--surface">
<a class="utrecht-skip-link utrecht-skip-link--visible-on-focus" href="#inhoud">Direct naar de inhoud</a>
<header class="site-header">
<div class="site-header__bar">
<a class="site-logo" href="/"><span class="site-logo__mark" aria-hidden="true">LP</span><span class="site-logo__text"><strong>Leerplicht</strong> Zuid-Holland Zuid<span class="site-logo__sub">Verzuimregie</span></span></a>
${o.user
  ? html`<div class="site-user"><span class="site-user__name">${o.user.name}</span> <span class="site-user__role">${ROLE_LABELS[o.user.role] ?? o.user.role}</span>
<form method="post" action="/uitloggen" class="inline-form"><input type="hidden" name="_csrf" value="${o.csrf ?? ''}"><button class="utrecht-button utrecht-button--secondary-action utrecht-button--small" type="submit">Uitloggen</button></form></div>`
  : html`<a class="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--primary-action" href="/inloggen">Inloggen</a>`}
</div>
${nav.length
  ? html`<nav class="site-nav" aria-label="Hoofdmenu"><ul class="site-nav__list">${nav.map(
      (n) => html`<li><a class="site-nav__link" href="${n.href}"${o.path && (o.path === n.href || o.path.startsWith(`${n.href}/`)) ? html` aria-current="page"` : ''}>${n.label}</a></li>`,
    )}</ul></nav>`
  : ''}
</header>
<main id="inhoud" class="site-main${o.wide ? ' site-main--wide' : ''}" tabindex="-1">
${o.breadcrumbs?.length
  ? html`<nav aria-label="Kruimelpad"><ol class="breadcrumb">${o.breadcrumbs.map((b) => html`<li><a class="utrecht-link" href="${b.href}">${b.label}</a></li>`)}</ol></nav>`
  : ''}
${o.flash ? alert(o.flash) : ''}
${o.body}
</main>
<footer class="site-footer"><p>Verzuimregie · Leerplicht en Voortijdig Schoolverlaten Zuid-Holland Zuid · <a class="utrecht-link" href="/toegankelijkheid">Toegankelijkheid</a></p></footer>
</body></html>`.value}`;
}

/** A hidden CSRF field for every form. */
export function csrfField(token: string): Html {
  return html`<input type="hidden" name="_csrf" value="${token}">`;
}
