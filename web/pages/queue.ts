import { ZHZ_GEMEENTEN } from '../../domain/policy';
import { callApi, apiError } from '../api-client';
import { html, type Html } from '../html';
import { ACTION_TITLES, DEADLINES, formatDate, formatDateTime, PHASES, STEPS, valueLabel } from '../labels';
import { csrfField } from '../layout';
import { sendPage, type PageCtx, type Pages } from '../router';

export type QueueItem = {
  id: string;
  duoStatus: string;
  phase: string;
  step: string | null;
  gemeente: string;
  schoolBrin: string | null;
  consultantId: string | null;
  routes: string[];
  nextDeadline: string | null;
  openedAt: string;
  thuiszitter?: boolean;
};

export const gemeenteName = (code: string) => ZHZ_GEMEENTEN.find((g) => g.code === code)?.name ?? code;

/** A deadline as a badge: overdue, within three days, or later. */
export function deadlineBadge(due: string | null | undefined, now = new Date()): Html {
  if (!due) return html`<span class="badge badge--muted">geen</span>`;
  const ms = new Date(due).getTime() - now.getTime();
  if (ms < 0) return html`<span class="badge badge--overdue">Verlopen · ${formatDate(due)}</span>`;
  if (ms < 3 * 86_400_000) return html`<span class="badge badge--soon">${formatDate(due)}</span>`;
  return html`<span class="badge badge--ok">${formatDate(due)}</span>`;
}

/** A case's or signal's running deadlines, each with its badge, or that there are none. */
export function deadlineList(deadlines: { kind: string; dueAt: string; escalated?: boolean }[] | undefined): Html {
  return deadlines?.length
    ? html`<ul class="utrecht-unordered-list">${deadlines.map((d) => html`<li>${DEADLINES[d.kind] ?? d.kind}: ${deadlineBadge(d.dueAt)}${d.escalated ? html` <span class="badge badge--overdue">geëscaleerd</span>` : ''}</li>`)}</ul>`
    : html`<p class="utrecht-paragraph muted">Geen lopende termijnen.</p>`;
}

function select(id: string, label: string, name: string, current: string, options: [string, string][]): Html {
  return html`<div class="utrecht-form-field"><div class="utrecht-form-field__label"><label class="utrecht-form-label" for="${id}">${label}</label></div>
<select class="utrecht-select utrecht-select--html-select" id="${id}" name="${name}"><option value="">Alle</option>${options.map(([v, l]) => html`<option value="${v}"${v === current ? html` selected` : ''}>${l}</option>`)}</select></div>`;
}

export function caseTable(items: QueueItem[], opts: { caption: string; reassign?: { csrf: string } } = { caption: 'Zaken' }): Html {
  if (!items.length) return html`<p class="utrecht-paragraph muted">Geen zaken.</p>`;
  return html`<div class="table-wrap" tabindex="0" role="region" aria-label="Tabel, horizontaal scrollbaar"><table class="utrecht-table utrecht-table--html-table">
<caption class="utrecht-table__caption">${opts.caption}</caption>
<thead class="utrecht-table__header"><tr class="utrecht-table__row"><th class="utrecht-table__header-cell" scope="col">Zaak</th><th class="utrecht-table__header-cell" scope="col">Fase en stap</th><th class="utrecht-table__header-cell" scope="col">Volgende termijn</th><th class="utrecht-table__header-cell" scope="col">Gemeente</th><th class="utrecht-table__header-cell" scope="col">School</th><th class="utrecht-table__header-cell" scope="col">Behandelaar</th>${opts.reassign ? html`<th class="utrecht-table__header-cell" scope="col">Toewijzen</th>` : ''}</tr></thead>
<tbody class="utrecht-table__body">${items.map(
    (c) => html`<tr class="utrecht-table__row" data-case-id="${c.id}"><td class="utrecht-table__cell"><a class="utrecht-link" href="/zaken/${c.id}">${c.id}</a>${c.thuiszitter ? html` <span class="badge badge--soon">thuiszitter</span>` : ''}</td>
<td class="utrecht-table__cell">${valueLabel(c.phase)}${c.step ? html`<br><span class="muted">${STEPS[c.step] ?? c.step}</span>` : ''}${c.routes.length ? html`<br><span class="muted">${c.routes.map(valueLabel).join(', ')}</span>` : ''}</td>
<td class="utrecht-table__cell">${deadlineBadge(c.nextDeadline)}</td>
<td class="utrecht-table__cell">${gemeenteName(c.gemeente)}</td>
<td class="utrecht-table__cell">${c.schoolBrin ?? '–'}</td>
<td class="utrecht-table__cell">${c.consultantId ?? html`<span class="badge badge--overdue">niet toegewezen</span>`}</td>
${opts.reassign
  ? html`<td class="utrecht-table__cell"><form method="post" action="/zaken/${c.id}/acties/reassign" class="inline-assign">${csrfField(opts.reassign.csrf)}<input type="hidden" name="_terug" value="/team">
<label class="utrecht-form-label" for="assign-${c.id}">Nieuwe behandelaar voor ${c.id}</label> <input class="utrecht-textbox utrecht-textbox--html-input utrecht-textbox--sm" id="assign-${c.id}" name="consultantId" required maxlength="100" autocomplete="off"> <button class="utrecht-button utrecht-button--secondary-action" type="submit">Toewijzen</button></form></td>`
  : ''}</tr>`,
  )}</tbody></table></div>`;
}

/**
 * How often the queue's script (web/assets/queue-refresh.js) fetches the page again. Short enough
 * that a new melding shows while the consultant works; each refresh is one API query.
 */
export const QUEUE_REFRESH_SECONDS = 15;

/** How far ahead the team page lists the team's deadlines. */
const TEAM_DEADLINE_DAYS = 14;

const QUEUE_FILTERS = ['phase', 'step', 'gemeente', 'school', 'thuiszitter', 'consultant'] as const;

async function queue(ctx: PageCtx): Promise<void> {
  const { req, session } = ctx;
  const q = req.query as Record<string, string | undefined>;
  const mine = q.wie !== 'team';
  const params = new URLSearchParams({ pageSize: '100' });
  for (const f of QUEUE_FILTERS) if (q[f]) params.set(f, String(q[f]));
  if (mine && session.user.role === 'consultant') params.set('consultant', session.user.id);
  const answer = await callApi<{ total: number; items: QueueItem[] }>(req, session, 'GET', `/api/cases?${params}`);
  const error = answer.status === 200 ? undefined : apiError(answer);
  const items = (answer.status === 200 ? answer.body.items : []).filter((c) => c.phase !== 'afgesloten' || q.phase === 'afgesloten');
  const overdue = items.filter((c) => c.nextDeadline && new Date(c.nextDeadline) < new Date()).length;
  const gemeenten = ZHZ_GEMEENTEN.filter((g) => session.user.gemeenten.includes(g.code));
  sendPage(ctx, {
    title: 'Werkvoorraad',
    wide: true,
    flash: error && { kind: 'error', text: error.message ?? 'De werkvoorraad kon niet worden geladen.' },
    body: html`<h1 class="utrecht-heading-1">Werkvoorraad</h1>
<p class="utrecht-paragraph">${mine && session.user.role === 'consultant' ? 'Uw zaken' : 'De zaken van uw team'}, op volgorde van de eerstvolgende termijn. ${session.user.role === 'consultant' ? html`<a class="utrecht-link" href="${mine ? '/werkvoorraad?wie=team' : '/werkvoorraad'}">${mine ? 'Toon de zaken van mijn team' : 'Toon alleen mijn zaken'}</a>` : ''}</p>
<form method="get" action="/werkvoorraad" class="filters" aria-label="Filters">${!mine ? html`<input type="hidden" name="wie" value="team">` : ''}
${select('f-phase', 'Fase', 'phase', q.phase ?? '', PHASES.map((p) => [p.id, p.label]))}
${select('f-step', 'Stap', 'step', q.step ?? '', Object.entries(STEPS))}
${select('f-gemeente', 'Gemeente', 'gemeente', q.gemeente ?? '', gemeenten.map((g) => [g.code, g.name]))}
<div class="utrecht-form-field"><div class="utrecht-form-field__label"><label class="utrecht-form-label" for="f-school">School (BRIN)</label></div><input class="utrecht-textbox utrecht-textbox--html-input utrecht-textbox--sm" id="f-school" name="school" value="${q.school ?? ''}" pattern="[0-9]{2}[A-Z]{2}" maxlength="4"></div>
${select('f-thuiszitter', 'Thuiszitter', 'thuiszitter', q.thuiszitter ?? '', [['true', 'Ja'], ['false', 'Nee']])}
<button class="utrecht-button utrecht-button--primary-action" type="submit">Filteren</button> <a class="utrecht-link" href="/werkvoorraad">Filters wissen</a></form>
<p class="visually-hidden" id="werkvoorraad-status" role="status" aria-live="polite"></p>
<div id="werkvoorraad-live" data-refresh-seconds="${QUEUE_REFRESH_SECONDS}">
<div class="kpis"><div class="kpi"><span class="kpi__value">${items.length}</span><span class="kpi__label">zaken in beeld</span></div><div class="kpi${overdue ? ' kpi--alert' : ''}"><span class="kpi__value">${overdue}</span><span class="kpi__label">met verlopen termijn</span></div><div class="kpi"><span class="kpi__value">${items.filter((c) => c.thuiszitter).length}</span><span class="kpi__label">thuiszitters</span></div></div>
${caseTable(items, { caption: `Werkvoorraad (${items.length} zaken, ${overdue} met verlopen termijn)` })}
<p class="utrecht-paragraph muted">Termijnen: ${Object.values(DEADLINES).slice(0, 4).join(', ')} en verder. Bijgewerkt ${formatDateTime(new Date())}. <a class="utrecht-link" href="${req.originalUrl}">Vernieuwen</a></p>
</div>
<script src="/assets/queue-refresh.js" defer></script>`,
  });
}

async function team(ctx: PageCtx): Promise<void> {
  const { req, session } = ctx;
  const answer = await callApi<{ total: number; items: QueueItem[] }>(req, session, 'GET', '/api/cases?pageSize=100');
  const items = answer.status === 200 ? answer.body.items.filter((c) => c.phase !== 'afgesloten') : [];
  const now = new Date();
  const unassigned = items.filter((c) => !c.consultantId);
  const overdue = items.filter((c) => c.nextDeadline && new Date(c.nextDeadline) < now);
  const perConsultant = new Map<string, number>();
  for (const c of items) if (c.consultantId) perConsultant.set(c.consultantId, (perConsultant.get(c.consultantId) ?? 0) + 1);
  // The team's deadlines: every open case's next deadline in the coming two weeks, soonest first
  // (overdue ones have their own table above); and per consultant how many fall this week.
  const horizon = now.getTime() + TEAM_DEADLINE_DAYS * 86_400_000;
  const upcoming = items.filter((c) => c.nextDeadline && new Date(c.nextDeadline) >= now && new Date(c.nextDeadline).getTime() <= horizon).sort((a, b) => a.nextDeadline!.localeCompare(b.nextDeadline!));
  const weekEnd = now.getTime() + 7 * 86_400_000;
  const dueThisWeek = (id: string) => upcoming.filter((c) => c.consultantId === id && new Date(c.nextDeadline!).getTime() <= weekEnd).length;
  const done = typeof req.query.gedaan === 'string' ? ACTION_TITLES[req.query.gedaan] : undefined;
  sendPage(ctx, {
    title: 'Team',
    wide: true,
    flash: answer.status !== 200 ? { kind: 'error', text: apiError(answer).message ?? 'De zaken konden niet worden geladen.' } : done ? { kind: 'ok', text: `Vastgelegd: ${done}.` } : undefined,
    body: html`<h1 class="utrecht-heading-1">Team</h1>
<div class="kpis"><div class="kpi${unassigned.length ? ' kpi--alert' : ''}"><span class="kpi__value">${unassigned.length}</span><span class="kpi__label">niet toegewezen</span></div><div class="kpi${overdue.length ? ' kpi--alert' : ''}"><span class="kpi__value">${overdue.length}</span><span class="kpi__label">termijn verlopen</span></div><div class="kpi"><span class="kpi__value">${items.length}</span><span class="kpi__label">lopende zaken</span></div></div>
<section class="panel" aria-labelledby="h-unassigned"><h2 class="utrecht-heading-2" id="h-unassigned">Niet toegewezen</h2>${caseTable(unassigned, { caption: 'Zaken zonder behandelaar', reassign: { csrf: session.csrfToken } })}</section>
<section class="panel" aria-labelledby="h-overdue"><h2 class="utrecht-heading-2" id="h-overdue">Termijn verlopen</h2>${caseTable(overdue, { caption: 'Zaken met een verlopen termijn', reassign: { csrf: session.csrfToken } })}</section>
<section class="panel" aria-labelledby="h-deadlines"><h2 class="utrecht-heading-2" id="h-deadlines">Termijnen van het team</h2>
<p class="utrecht-paragraph">De eerstvolgende termijn van elke lopende zaak in de komende ${TEAM_DEADLINE_DAYS} dagen, de vroegste eerst. Verlopen termijnen staan hierboven.</p>
${caseTable(upcoming, { caption: `Termijnen in de komende ${TEAM_DEADLINE_DAYS} dagen (${upcoming.length} zaken)` })}</section>
<section class="panel" aria-labelledby="h-load"><h2 class="utrecht-heading-2" id="h-load">Verdeling over het team</h2>
<table class="utrecht-table utrecht-table--html-table"><caption class="utrecht-table__caption">Lopende zaken per behandelaar</caption><thead class="utrecht-table__header"><tr class="utrecht-table__row"><th class="utrecht-table__header-cell" scope="col">Behandelaar</th><th class="utrecht-table__header-cell" scope="col">Zaken</th><th class="utrecht-table__header-cell" scope="col">Termijnen deze week</th></tr></thead>
<tbody class="utrecht-table__body">${[...perConsultant].map(([id, n]) => html`<tr class="utrecht-table__row"><td class="utrecht-table__cell"><a class="utrecht-link" href="/werkvoorraad?wie=team&amp;consultant=${encodeURIComponent(id)}">${id}</a></td><td class="utrecht-table__cell">${n}</td><td class="utrecht-table__cell">${dueThisWeek(id)}</td></tr>`)}</tbody></table></section>`,
  });
}

export function queuePages(pages: Pages): void {
  pages.get('/werkvoorraad', ['consultant', 'teamlead'], queue);
  pages.get('/team', ['teamlead'], team);
}
