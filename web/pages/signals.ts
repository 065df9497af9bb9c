import type { z } from 'zod';
import { authorize, type Permission } from '../../domain/access-policy';
import type { Role } from '../../domain/case/actor';
import type { Check } from '../../domain/case/checks';
import { ZHZ_GEMEENTEN } from '../../domain/policy';
import { SIGNAL_ACTIONS, type SignalActionName } from '../../domain/actions/early-signal';
import { ADVICE_REASONING_FIELD } from '../../domain/actions/severity';
import { SignalConcern } from '../../domain/signal/actions';
import type { SignalState } from '../../domain/signal/state';
import { SIGNAL_ACTION_ROUTES } from '../../api/routes/case-actions';
import { stateAllows } from '../action-probe';
import { postRegistryAction, type RefusedForm } from '../action-post';
import { apiError, callApi, type ApiError } from '../api-client';
import { formFields, type FormValues } from '../forms';
import { html, type Html } from '../html';
import { DEADLINES, formatDate, formatDateTime, ROLE_LABELS, SIGNAL_ACTION_TITLES, SIGNAL_STATUS, SIGNAL_STEPS, valueLabel } from '../labels';
import { csrfField, type Flash } from '../layout';
import { sendPage, type PageCtx, type Pages } from '../router';
import { deadlineBadge, deadlineList, gemeenteName } from './queue';

/**
 * The consultant's and team lead's early-signal pages (vroegsignalering): the queue of signals
 * and one signal with a form for exactly the actions its state allows, derived from the action
 * registry (SIGNAL_ACTION_ROUTES: body schema, path, permission; the transitions' own checks).
 */
export type SignalPageAction = { path: string; name: SignalActionName; schema: z.ZodType; summary: string; permission: Permission };

const ACTIONS: SignalPageAction[] = SIGNAL_ACTION_ROUTES.map((a) => ({ path: a.path, name: a.name, schema: a.body, summary: a.summary, permission: a.permission }));

/** What the person may do with this signal now: permitted for the role, and not refused by the state. */
export function availableSignalActions(state: SignalState | null, role: string, now = new Date()): SignalPageAction[] {
  if (!state || state.status !== 'open') return [];
  const principal = { id: '', role: role as Role, gemeenten: [state.summary.gemeente] };
  return ACTIONS.filter((a) => {
    const spec = SIGNAL_ACTIONS[a.name];
    const check = (spec.transition as { check(s: SignalState, i: never, now: Date): Check }).check;
    return authorize(principal, a.permission).allowed && stateAllows(check, state, spec.input, now);
  });
}

/** A line of the signal's timeline, in Dutch: an action, a fact from outside, or what a deadline did. */
export function signalChangeLabel(action: string): string {
  if (action === 'start') return 'Signaal ontvangen';
  if (SIGNAL_ACTION_TITLES[action]) return SIGNAL_ACTION_TITLES[action];
  if (action === 'signal:formalMelding') return 'Formele verzuimmelding ontvangen: het signaal gaat verder in de zaak';
  if (action === 'signal:calendarChanged') return 'Schoolvakanties bijgewerkt: termijnen opnieuw geteld';
  if (action.startsWith('effect-geparkeerd:')) return `Actie kon niet worden uitgevoerd: ${action.slice('effect-geparkeerd:'.length)}`;
  if (action.startsWith('timer:')) {
    return action
      .slice('timer:'.length)
      .split(',')
      .map((fired) => {
        const m = /^([a-z-]+)-(herinnering|verstreken|escalatie)$/.exec(fired);
        return m ? `Termijn ${DEADLINES[m[1]!] ?? m[1]}: ${m[2] === 'escalatie' ? 'geëscaleerd naar de teamleider' : m[2]}` : fired;
      })
      .join('; ');
  }
  return valueLabel(action.replace(/^(signal|update):/, ''));
}

/** Whether an open signal's next deadline has passed (the queue marks it). */
export function isOverdue(item: { status: string; nextDeadline: string | null }, now = new Date()): boolean {
  return item.status === 'open' && !!item.nextDeadline && new Date(item.nextDeadline).getTime() < now.getTime();
}

export type SignalItem = {
  id: string;
  concern: string;
  gemeente: string;
  schoolBrin: string | null;
  reporterRole: string;
  status: string;
  step: string | null;
  consultantId: string | null;
  nextDeadline: string | null;
  outcome: string | null;
  caseId: string | null;
  receivedAt: string;
  closedAt: string | null;
};

type SignalReport = {
  concern?: string;
  description?: string;
  reportDate?: string;
  since?: string;
  hoursAbsent?: number;
  timesLate?: number;
  sickDays?: number;
  school?: { brin: string; name: string; locationCode?: string };
  reporter?: { organisation: string; name: string; function: string; phone?: string; email?: string };
  parentsInformed?: boolean;
};

type SignalAnswer = SignalItem & {
  signalId: string;
  state: SignalState | null;
  source: 'workflow' | 'projection';
  report: SignalReport;
  youth: { id: string; firstName: string; lastName: string; dateOfBirth: string };
  identityChecks: { field: string; reported: string }[];
};

const SIGNAL_ACTION_HINTS: Partial<Record<SignalActionName, string>> = {
  recordContact: 'Het eerste advies of overleg beantwoordt het signaal; de opvolgingscheck volgt dan na de opvolgingsperiode.',
  recordFollowUp: 'Kies Verlengen = Ja voor nog een opvolgingsperiode; anders wacht het signaal op afsluiten of escaleren.',
  closeSignal: 'Een signaal sluit pas na een vastgelegd contact (behalve bij verhuizing).',
  escalate: 'Het signaal wordt een formele verzuimmelding (soort standaard Overig) die een zaak opent of bij de lopende zaak van de jongere komt. School en melder hoeft u alleen in te vullen als het signaal ze niet noemt.',
};

function facts(rows: [string, unknown][]): Html {
  return html`<dl class="facts">${rows.map(([k, v]) => html`<dt>${k}</dt><dd>${v === undefined || v === null || v === '' ? '–' : v}</dd>`)}</dl>`;
}

function table(caption: string, headers: string[], rows: Html[]): Html {
  return html`<div class="table-wrap" tabindex="0" role="region" aria-label="${caption}, tabel, horizontaal scrollbaar"><table class="utrecht-table utrecht-table--html-table">
<caption class="utrecht-table__caption">${caption}</caption>
<thead class="utrecht-table__header"><tr class="utrecht-table__row">${headers.map((h) => html`<th class="utrecht-table__header-cell" scope="col">${h}</th>`)}</tr></thead>
<tbody class="utrecht-table__body">${rows}</tbody></table></div>`;
}

const cell = (content: unknown) => html`<td class="utrecht-table__cell">${content}</td>`;

function statusText(s: { status: string; step: string | null }): string {
  return s.status === 'open' ? `Open · ${SIGNAL_STEPS[s.step ?? ''] ?? s.step ?? ''}` : (SIGNAL_STATUS[s.status] ?? s.status);
}

export function signalTable(items: SignalItem[], caption: string, now = new Date()): Html {
  if (!items.length) return html`<p class="utrecht-paragraph muted">Geen signalen.</p>`;
  return table(
    caption,
    ['Signaal', 'Status en stap', 'Volgende termijn', 'Gemeente', 'School', 'Gemeld door', 'Behandelaar', 'Ontvangen'],
    items.map(
      (s) => html`<tr class="utrecht-table__row">${cell(html`<a class="utrecht-link" href="/signalen/${s.id}">${s.id}</a><br><span class="muted">${valueLabel(s.concern)}</span>`)}
${cell(html`${statusText(s)}${s.outcome ? html`<br><span class="muted">${valueLabel(s.outcome)}</span>` : ''}${s.caseId ? html`<br><span class="muted">zaak ${s.caseId}</span>` : ''}`)}
${cell(s.status === 'open' ? html`${deadlineBadge(s.nextDeadline, now)}${isOverdue(s, now) ? html`<span class="visually-hidden"> (termijn verlopen)</span>` : ''}` : html`<span class="muted">${s.closedAt ? `beëindigd ${formatDate(s.closedAt)}` : '–'}</span>`)}
${cell(gemeenteName(s.gemeente))}${cell(s.schoolBrin ?? '–')}${cell(ROLE_LABELS[s.reporterRole] ?? s.reporterRole)}
${cell(s.consultantId ?? html`<span class="badge badge--overdue">niet toegewezen</span>`)}${cell(formatDate(s.receivedAt))}</tr>`,
    ),
  );
}

function select(id: string, label: string, name: string, current: string, options: [string, string][], all = true): Html {
  return html`<div class="utrecht-form-field"><div class="utrecht-form-field__label"><label class="utrecht-form-label" for="${id}">${label}</label></div>
<select class="utrecht-select utrecht-select--html-select" id="${id}" name="${name}">${all ? html`<option value="">Alle</option>` : ''}${options.map(([v, l]) => html`<option value="${v}"${v === current ? html` selected` : ''}>${l}</option>`)}</select></div>`;
}

const FILTERS = ['status', 'gemeente', 'step', 'concern', 'school'] as const;

async function queue(ctx: PageCtx): Promise<void> {
  const { req, session } = ctx;
  const q = req.query as Record<string, string | undefined>;
  const consultant = session.user.role === 'consultant';
  const mine = consultant && q.wie !== 'team';
  const status = q.status && SIGNAL_STATUS[q.status] ? q.status : 'open';
  const params = new URLSearchParams({ pageSize: '100', status });
  for (const f of FILTERS) if (f !== 'status' && typeof q[f] === 'string' && q[f]) params.set(f, q[f]!);
  if (mine) params.set('consultant', session.user.id);
  else if (typeof q.consultant === 'string' && q.consultant) params.set('consultant', q.consultant);
  const answer = await callApi<{ total: number; items: SignalItem[] }>(req, session, 'GET', `/api/signals?${params}`);
  const error = answer.status === 200 ? undefined : apiError(answer);
  const items = answer.status === 200 ? answer.body.items : [];
  const total = answer.status === 200 ? answer.body.total : 0;
  const now = new Date();
  const overdue = items.filter((s) => isOverdue(s, now)).length;
  const gemeenten = ZHZ_GEMEENTEN.filter((g) => session.user.gemeenten.includes(g.code));
  const toggle = mine ? '/signalen?wie=team' : '/signalen';
  sendPage(ctx, {
    title: 'Vroegsignalen',
    wide: true,
    flash: error && { kind: 'error', text: `De vroegsignalen konden niet worden geladen: ${error.message ?? ''}` },
    body: html`<h1 class="utrecht-heading-1">Vroegsignalen</h1>
<p class="utrecht-paragraph">${mine ? 'Uw vroegsignalen' : 'De vroegsignalen van uw team'}${status === 'open' ? ', op volgorde van de eerstvolgende termijn (reactie of opvolgingscheck)' : ''}. ${consultant ? html`<a class="utrecht-link" href="${toggle}">${mine ? 'Toon de signalen van mijn team' : 'Toon alleen mijn signalen'}</a>` : ''}</p>
<div class="kpis"><div class="kpi"><span class="kpi__value">${total}</span><span class="kpi__label">${status === 'open' ? 'open signalen' : 'signalen'}</span></div>${status === 'open' ? html`<div class="kpi${overdue ? ' kpi--alert' : ''}"><span class="kpi__value">${overdue}</span><span class="kpi__label">met verlopen termijn</span></div><div class="kpi"><span class="kpi__value">${items.filter((s) => s.step === 'reactie').length}</span><span class="kpi__label">wachten op een reactie</span></div>` : ''}</div>
<form method="get" action="/signalen" class="filters" aria-label="Filters">${mine ? '' : html`<input type="hidden" name="wie" value="team">`}
${select('s-status', 'Status', 'status', status, Object.entries(SIGNAL_STATUS), false)}
${select('s-step', 'Stap', 'step', q.step ?? '', Object.entries(SIGNAL_STEPS))}
${select('s-concern', 'Zorg', 'concern', q.concern ?? '', SignalConcern.options.map((c) => [c, valueLabel(c)]))}
${select('s-gemeente', 'Gemeente', 'gemeente', q.gemeente ?? '', gemeenten.map((g) => [g.code, g.name]))}
<div class="utrecht-form-field"><div class="utrecht-form-field__label"><label class="utrecht-form-label" for="s-school">School (BRIN)</label></div><input class="utrecht-textbox utrecht-textbox--html-input utrecht-textbox--sm" id="s-school" name="school" value="${q.school ?? ''}" pattern="[0-9]{2}[A-Z]{2}" maxlength="4"></div>
${mine ? '' : html`<div class="utrecht-form-field"><div class="utrecht-form-field__label"><label class="utrecht-form-label" for="s-consultant">Behandelaar (id)</label></div><input class="utrecht-textbox utrecht-textbox--html-input utrecht-textbox--sm" id="s-consultant" name="consultant" value="${q.consultant ?? ''}" maxlength="100" autocomplete="off"></div>`}
<button class="utrecht-button utrecht-button--primary-action" type="submit">Filteren</button> <a class="utrecht-link" href="${mine ? '/signalen' : '/signalen?wie=team'}">Filters wissen</a></form>
${signalTable(items, `Vroegsignalen (${items.length}${total > items.length ? ` van ${total}` : ''}${status === 'open' ? `, ${overdue} met verlopen termijn` : ''})`, now)}
${total > items.length ? html`<p class="utrecht-paragraph muted">De eerste ${items.length} van ${total} signalen; verfijn de filters om de rest te zien.</p>` : ''}
<p class="utrecht-paragraph muted">Een nieuw signaal invoeren: <a class="utrecht-link" href="/signalen/nieuw">Vroegsignaal melden</a>. Bijgewerkt ${formatDateTime(now)}.</p>`,
  });
}

function stepper(s: SignalState): Html {
  const last = s.status === 'geescaleerd' ? 'Geëscaleerd naar een zaak' : s.status === 'afgesloten' ? 'Afgesloten' : 'Afsluiten of escaleren';
  const stages: [string, string][] = [
    ['reactie', 'Reactie'],
    ['opvolging', 'Opvolging'],
    ['einde', last],
  ];
  const current = s.status === 'open' ? (s.step === 'opvolging' ? 1 : 0) : 2;
  return html`<ol class="stepper" aria-label="Stap van het vroegsignaal">${stages.map(([, label], i) => {
    const cls = i < current ? 'done' : i === current ? 'current' : '';
    return html`<li class="${cls}"${i === current ? html` aria-current="step"` : ''}>${label}${i < current ? html`<span class="visually-hidden"> (afgerond)</span>` : ''}</li>`;
  })}</ol>`;
}

function violationsList(error: ApiError): Html {
  const list = [...(error.violations ?? []), ...(error.fields ?? []).filter((f) => !f.path)];
  const fieldNote = (error.fields ?? []).some((f) => f.path) ? ' Zie de gemarkeerde velden.' : '';
  return html`<div class="utrecht-alert utrecht-alert--error" role="alert"><div class="utrecht-alert__content"><p class="utrecht-paragraph"><strong>Niet uitgevoerd${list.length ? '' : html`: ${error.message ?? ''}`}</strong>${fieldNote}</p>
${list.length ? html`<ul class="utrecht-unordered-list">${list.map((v) => html`<li>${v.message}</li>`)}</ul>` : ''}</div></div>`;
}

/** An advised rule (policy, method): the consultant may go ahead, with a reasoning that is recorded. */
function adviceField(formId: string, advised: { message: string }[], values?: FormValues): Html {
  const id = `${formId}-advice`;
  return html`<div class="utrecht-form-field utrecht-form-field--invalid advice">
<div class="utrecht-form-field__label"><label class="utrecht-form-label" for="${id}">Onderbouwing om af te wijken van het advies</label></div>
<div class="utrecht-form-field-description" id="${id}-hint">Dit is een advies (beleid of methode), geen wettelijke regel: ${advised.map((v) => v.message.replace(/ \(Advice:.*\)$/, '')).join(' ')} U kunt doorgaan met een onderbouwing; die wordt vastgelegd.</div>
<div class="utrecht-form-field__input"><textarea class="utrecht-textarea utrecht-textarea--html-textarea" id="${id}" name="${ADVICE_REASONING_FIELD}" rows="3" aria-describedby="${id}-hint">${String(values?.[ADVICE_REASONING_FIELD] ?? '')}</textarea></div></div>`;
}

function actionForm(signalId: string, a: SignalPageAction, csrf: string, state: { values?: FormValues; error?: ApiError; open?: boolean }): Html {
  const formId = `signaal-${a.path.replace(/\//g, '-')}`;
  const title = SIGNAL_ACTION_TITLES[a.name] ?? a.summary;
  const hint = SIGNAL_ACTION_HINTS[a.name];
  const advised = (state.error?.violations ?? []).filter((v) => v.severity === 'advise');
  return html`<details class="action-form" id="${formId}"${state.open ? html` open` : ''}><summary>${title}</summary>
<form method="post" action="/signalen/${signalId}/actie" novalidate>${csrfField(csrf)}<input type="hidden" name="_actie" value="${a.path}">
${hint ? html`<p class="utrecht-paragraph muted">${hint}</p>` : ''}
${state.error ? violationsList(state.error) : ''}
${formFields(a.schema, { formId, values: state.values, errors: state.error?.fields ?? [], omit: [ADVICE_REASONING_FIELD] })}
${advised.length ? adviceField(formId, advised, state.values) : ''}
<div class="button-row"><button class="utrecht-button utrecht-button--primary-action" type="submit">${title}</button></div></form></details>`;
}

function timeline(s: SignalState): Html {
  const changes = [...(s.recentChanges ?? [])].reverse();
  if (!changes.length) return html`<p class="utrecht-paragraph muted">Nog geen wijzigingen.</p>`;
  return html`<ol class="timeline">${changes.map(
    (c) => html`<li><time datetime="${c.at}">${formatDateTime(c.at)}</time><strong>${signalChangeLabel(c.action)}</strong> door ${c.actor.id === 'system' ? 'het systeem' : c.actor.id}${c.reason ? html`<br><span class="muted">${c.reason}</span>` : ''}</li>`,
  )}</ol>`;
}

function contacts(s: SignalState): Html {
  if (!s.contacts.length) return html`<p class="utrecht-paragraph muted">Nog geen contact vastgelegd.</p>`;
  return table(
    'Vastgelegde contacten',
    ['Wanneer', 'Soort', 'Verslag', 'Afspraken', 'Door'],
    [...s.contacts].reverse().map((c) => html`<tr class="utrecht-table__row">${cell(formatDateTime(c.at))}${cell(valueLabel(c.kind))}${cell(c.summary)}${cell(c.agreements || '–')}${cell(c.by)}</tr>`),
  );
}

function followUps(s: SignalState): Html {
  if (!s.followUps.length) return html`<p class="utrecht-paragraph muted">Nog geen opvolgingscheck.</p>`;
  return table(
    'Opvolgingschecks',
    ['Vastgelegd', 'Resultaat', 'Verslag', 'Verlengd', 'Door'],
    [...s.followUps].reverse().map((f) => html`<tr class="utrecht-table__row">${cell(formatDateTime(f.recordedAt))}${cell(valueLabel(f.result))}${cell(f.summary)}${cell(f.extended ? 'Ja' : 'Nee')}${cell(f.by)}</tr>`),
  );
}

function endOf(s: SignalState): Html {
  if (s.status === 'geescaleerd' && s.escalation)
    return html`<p class="utrecht-paragraph">Het signaal is op ${formatDate(s.escalation.at)} ${s.escalation.by === 'formele-melding' ? html`bij een formele verzuimmelding (${s.escalation.meldingId ?? ''})` : 'door de leerplichtambtenaar'} geëscaleerd naar zaak <a class="utrecht-link" href="/zaken/${s.escalation.caseId}">${s.escalation.caseId}</a>. Verdere stappen worden in die zaak vastgelegd.</p>`;
  if (s.status === 'afgesloten')
    return html`<p class="utrecht-paragraph">Het signaal is afgesloten${s.closedAt ? ` op ${formatDate(s.closedAt)}` : ''}${s.outcome ? `: ${valueLabel(s.outcome)}` : ''}.${s.closingNote ? html` <span class="muted">${s.closingNote}</span>` : ''}</p>`;
  return html``;
}

async function renderSignal(ctx: PageCtx, signalId: string, form?: RefusedForm, flash?: Flash): Promise<void> {
  const { req, session } = ctx;
  const answer = await callApi<SignalAnswer>(req, session, 'GET', `/api/signals/${encodeURIComponent(signalId)}`);
  if (answer.status !== 200) {
    const e = apiError(answer);
    sendPage(ctx, {
      status: answer.status === 404 ? 404 : answer.status === 403 ? 403 : 502,
      title: 'Signaal niet beschikbaar',
      breadcrumbs: [{ href: '/signalen', label: 'Vroegsignalen' }],
      body: html`<h1 class="utrecht-heading-1">Signaal niet beschikbaar</h1><p class="utrecht-paragraph">${answer.status === 404 ? 'Dit signaal bestaat niet.' : (e.message ?? '')}</p>`,
    });
    return;
  }
  const sig = answer.body;
  const s = sig.state;
  const r = sig.report ?? {};
  const actions = availableSignalActions(s, session.user.role);
  const name = `${sig.youth.firstName} ${sig.youth.lastName}`;
  const done = typeof req.query.gedaan === 'string' ? SIGNAL_ACTION_TITLES[req.query.gedaan] : undefined;
  const amount = r.hoursAbsent !== undefined ? `${r.hoursAbsent} uur afwezig` : r.timesLate !== undefined ? `${r.timesLate} keer te laat` : r.sickDays !== undefined ? `${r.sickDays} dagen ziek` : undefined;
  sendPage(ctx, {
    title: `Vroegsignaal ${name} · ${signalId}`,
    wide: true,
    status: form?.status,
    flash: flash ?? (done ? { kind: 'ok', text: `Vastgelegd: ${done}.` } : undefined),
    breadcrumbs: [{ href: '/signalen', label: 'Vroegsignalen' }],
    body: html`<h1 class="utrecht-heading-1">Vroegsignaal: ${name} <span class="muted">· ${signalId}</span></h1>
${s ? stepper(s) : html`<p class="utrecht-paragraph">De actuele stand is even niet beschikbaar.</p>`}
<div class="grid grid--2-1"><div>
<section class="panel" aria-labelledby="h-acties"><h2 class="utrecht-heading-2" id="h-acties">Wat kan nu</h2>
${s ? endOf(s) : ''}
${actions.length
  ? actions.map((a) => actionForm(signalId, a, session.csrfToken, form && form.path === a.path ? { values: form.values, error: form.error, open: true } : {}))
  : s?.status === 'open'
    ? html`<p class="utrecht-paragraph">Geen acties voor uw rol in deze stap.</p>`
    : ''}
</section>
<section class="panel" aria-labelledby="h-contacten"><h2 class="utrecht-heading-2" id="h-contacten">Contacten</h2>${s ? contacts(s) : ''}</section>
<section class="panel" aria-labelledby="h-opvolging"><h2 class="utrecht-heading-2" id="h-opvolging">Opvolging</h2>${s ? followUps(s) : ''}</section>
<section class="panel" aria-labelledby="h-tijdlijn"><h2 class="utrecht-heading-2" id="h-tijdlijn">Tijdlijn</h2>${s ? timeline(s) : ''}
<p class="utrecht-paragraph muted">De laatste wijzigingen uit de workflow van het signaal.</p></section>
</div><div>
<section class="panel" aria-labelledby="h-signaal"><h2 class="utrecht-heading-2" id="h-signaal">Het signaal</h2>
${facts([
  ['Zorg', valueLabel(sig.concern)],
  ['Omschrijving', r.description],
  ['Gezien sinds', r.since ? formatDate(r.since) : undefined],
  ['Omvang', amount],
  ['Gemeld op', formatDate(r.reportDate ?? sig.receivedAt)],
  ['Gemeld door', html`${ROLE_LABELS[sig.reporterRole] ?? sig.reporterRole}${r.reporter ? html`: ${r.reporter.organisation}<br>${r.reporter.name} (${r.reporter.function})${r.reporter.phone ? html`<br>${r.reporter.phone}` : ''}${r.reporter.email ? html`<br>${r.reporter.email}` : ''}` : ''}`],
  ['Ouders geïnformeerd', r.parentsInformed === undefined ? undefined : r.parentsInformed ? 'Ja' : 'Nee'],
])}</section>
<section class="panel" aria-labelledby="h-jongere"><h2 class="utrecht-heading-2" id="h-jongere">Jongere</h2>
${facts([
  ['Naam', name],
  ['Geboortedatum', formatDate(sig.youth.dateOfBirth)],
  ['Gemeente', gemeenteName(sig.gemeente)],
  ['School', r.school ? `${r.school.name} (${r.school.brin})` : (sig.schoolBrin ?? undefined)],
])}
${sig.identityChecks?.length ? html`<p class="utrecht-paragraph"><span class="badge badge--soon">controleren</span> Het jongerenregister noemt anders: ${sig.identityChecks.map((c) => valueLabel(c.field)).join(', ')}.</p>` : ''}</section>
<section class="panel" aria-labelledby="h-status"><h2 class="utrecht-heading-2" id="h-status">Status en termijnen</h2>
${facts([
  ['Status', s ? statusText(s) : statusText(sig)],
  ['Behandelaar', s?.consultantId ?? sig.consultantId ?? html`<span class="badge badge--overdue">niet toegewezen</span>`],
  ['Ontvangen', formatDateTime(sig.receivedAt)],
])}
${deadlineList(s?.deadlines)}
${s?.missedDeadlines.length ? html`<p class="utrecht-paragraph">Verlopen termijnen: ${s.missedDeadlines.map((d) => `${DEADLINES[d.kind] ?? d.kind} (${formatDate(d.dueAt)})`).join(', ')}.</p>` : ''}
</section>
</div></div>`,
  });
}

async function signalPage(ctx: PageCtx): Promise<void> {
  await renderSignal(ctx, String(ctx.req.params.signalId));
}

async function postAction(ctx: PageCtx): Promise<void> {
  const signalId = String(ctx.req.params.signalId);
  await postRegistryAction(ctx, {
    actions: ACTIONS,
    apiBase: `/api/signals/${encodeURIComponent(signalId)}`,
    redirectTo: () => `/signalen/${encodeURIComponent(signalId)}`,
    render: (form, flash) => renderSignal(ctx, signalId, form, flash),
  });
}

export function signalPages(pages: Pages): void {
  // /signalen/nieuw (the report form) is registered before these, in report-forms.ts.
  pages.get('/signalen', ['consultant', 'teamlead'], queue);
  pages.get('/signalen/:signalId', ['consultant', 'teamlead'], signalPage);
  pages.post('/signalen/:signalId/actie', ['consultant', 'teamlead'], postAction);
}
