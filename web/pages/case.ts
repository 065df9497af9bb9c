import type { z } from 'zod';
import { authorize } from '../../domain/access-policy';
import type { Role } from '../../domain/case/actor';
import type { CaseState } from '../../domain/case/state';
import type { Check } from '../../domain/case/checks';
import { CASE_ACTIONS, type CaseActionName } from '../../domain/actions/case';
import { ADVICE_REASONING_FIELD } from '../../domain/actions/severity';
import type { Permission } from '../../domain/access-policy';
import { CASE_ACTION_ROUTES, CASE_FACT_ROUTES } from '../../api/routes/case-actions';
import { stateAllows } from '../action-probe';
import { postRegistryAction } from '../action-post';
import { apiError, callApi, type ApiError } from '../api-client';
import { formFields, type FormValues } from '../forms';
import { html, type Html } from '../html';
import { ACTION_TITLES, DEADLINES, formatDate, formatDateTime, PHASES, STEPS, valueLabel } from '../labels';
import { alert, csrfField, type Flash } from '../layout';
import { sendPage, type PageCtx, type Pages } from '../router';
import { deadlineList, gemeenteName } from './queue';
import { huisbezoekPanel, thuiszitterPanel } from './case-thuiszitter';

/** An action the case page offers: derived from the action registry (its body schema, path, permission). */
type PageAction = { path: string; name: string; schema: z.ZodType; summary: string; permission: Permission; update?: CaseActionName };

const ACTIONS: PageAction[] = [
  ...CASE_ACTION_ROUTES.map((a) => ({ path: a.path, name: a.name, schema: a.body, summary: a.summary, permission: a.permission, update: a.name })),
  ...CASE_FACT_ROUTES.map((f) => ({ path: f.path, name: f.name, schema: f.body, summary: f.summary, permission: f.permission })),
];

/** Whether the current step allows an action (web/action-probe.ts: the domain check, probed). */
export function stepAllows(state: CaseState, update: CaseActionName, now: Date): boolean {
  const spec = CASE_ACTIONS[update];
  const transition = spec.transition as { check(s: CaseState, i: never, now: Date): Check };
  return stateAllows(transition.check, state, spec.input, now);
}

export function availableActions(state: CaseState | null, role: string, now = new Date()): PageAction[] {
  if (!state || state.phase === 'afgesloten') return [];
  const principal = { id: '', role: role as Role, gemeenten: [state.gemeente] };
  return ACTIONS.filter((a) => authorize(principal, a.permission).allowed && (a.update ? stepAllows(state, a.update, now) : true));
}

type CaseAnswer = {
  caseId: string;
  state: CaseState | null;
  running: boolean;
  youth: { id: string; firstName: string; lastName: string; dateOfBirth: string } | null;
  meldingen: { id: string; kind: string; reportDate: string; receivedAt: string }[];
  temporalUi: string;
};
type Message = { kind: string; to: string; subject: string; status: string; createdAt: string; sentAt: string | null; lastError: string | null };

const MESSAGE_STATUS: Record<string, string> = { pending: 'In de wachtrij', sending: 'Wordt verzonden', sent: 'Verzonden', failed: 'Mislukt', unconfirmed: 'Onbevestigd' };

function stepper(state: CaseState): Html {
  const current = PHASES.findIndex((p) => p.id === state.phase);
  return html`<ol class="stepper" aria-label="Fase van de zaak (MAS)">${PHASES.map((p, i) => {
    const cls = i < current ? 'done' : i === current ? 'current' : '';
    return html`<li class="${cls}"${i === current ? html` aria-current="step"` : ''}>${p.label}${i === current && state.step ? html`<small>${STEPS[state.step] ?? state.step}</small>` : ''}${i < current ? html`<span class="visually-hidden"> (afgerond)</span>` : ''}</li>`;
  })}</ol>`;
}

function facts(rows: [string, unknown][]): Html {
  return html`<dl class="facts">${rows.map(([k, v]) => html`<dt>${k}</dt><dd>${v instanceof Object && 'value' in (v as object) ? v : String(v ?? '–')}</dd>`)}</dl>`;
}

function violationsList(error: ApiError): Html {
  const list = [...(error.violations ?? []), ...(error.fields ?? []).filter((f) => !f.path)];
  return html`<div class="utrecht-alert utrecht-alert--error" role="alert"><div class="utrecht-alert__content"><p class="utrecht-paragraph"><strong>Niet uitgevoerd${list.length ? '' : html`: ${error.message ?? ''}`}</strong></p>
${list.length ? html`<ul class="utrecht-unordered-list">${list.map((v) => html`<li>${v.message}</li>`)}</ul>` : ''}</div></div>`;
}

function actionForm(caseId: string, a: PageAction, csrf: string, state: { values?: FormValues; error?: ApiError; open?: boolean }): Html {
  const formId = `actie-${a.path.replace(/\//g, '-')}`;
  const title = ACTION_TITLES[a.name] ?? a.summary;
  const advised = (state.error?.violations ?? []).filter((v) => v.severity === 'advise');
  return html`<details class="action-form" id="${formId}"${state.open ? html` open` : ''}><summary>${title}</summary>
<form method="post" action="/zaken/${caseId}/actie" novalidate>${csrfField(csrf)}<input type="hidden" name="_actie" value="${a.path}">
${state.error ? violationsList(state.error) : ''}
${formFields(a.schema, { formId, values: state.values, errors: state.error?.fields ?? [], omit: [ADVICE_REASONING_FIELD] })}
${advised.length ? adviceField(formId, advised, state.values) : ''}
<div class="button-row"><button class="utrecht-button utrecht-button--primary-action" type="submit">${title}</button></div></form></details>`;
}

/** An advised rule (policy, method): the consultant may go ahead, with a reasoning that is recorded. */
function adviceField(formId: string, advised: { message: string }[], values?: FormValues): Html {
  const id = `${formId}-advice`;
  return html`<div class="utrecht-form-field utrecht-form-field--invalid advice">
<div class="utrecht-form-field__label"><label class="utrecht-form-label" for="${id}">Onderbouwing om af te wijken van het advies</label></div>
<div class="utrecht-form-field-description" id="${id}-hint">Dit is een advies (beleid of methode), geen wettelijke regel: ${advised.map((v) => v.message.replace(/ \(Advice:.*\)$/, '')).join(' ')} U kunt doorgaan met een onderbouwing; die wordt vastgelegd.</div>
<div class="utrecht-form-field__input"><textarea class="utrecht-textarea utrecht-textarea--html-textarea" id="${id}" name="${ADVICE_REASONING_FIELD}" rows="3" aria-describedby="${id}-hint">${String(values?.[ADVICE_REASONING_FIELD] ?? '')}</textarea></div></div>`;
}

function changeLabel(action: string): string {
  const name = action.replace(/^(signal|update):/, '');
  if (ACTION_TITLES[name]) return ACTION_TITLES[name];
  if (name === 'start') return 'Zaak geopend';
  const timer = /^timer:([a-z-]+)-(herinnering|verstreken|escalatie)$/.exec(name);
  if (timer) return `Termijn ${DEADLINES[timer[1]!] ?? timer[1]}: ${timer[2]}`;
  return valueLabel(name);
}

function timeline(state: CaseState): Html {
  const changes = [...(state.recentChanges ?? [])].reverse();
  if (!changes.length) return html`<p class="utrecht-paragraph muted">Nog geen wijzigingen.</p>`;
  return html`<ol class="timeline">${changes.map(
    (c) => html`<li><time datetime="${c.at}">${formatDateTime(c.at)}</time><strong>${changeLabel(c.action)}</strong> door ${c.actor.id === 'system' ? 'het systeem' : c.actor.id}${c.reason ? html`<br><span class="muted">${c.reason}</span>` : ''}</li>`,
  )}</ol>`;
}

async function renderCase(ctx: PageCtx, caseId: string, form?: { path: string; values: FormValues; error: ApiError }, flash?: Flash): Promise<void> {
  const { req, session } = ctx;
  const [answer, messages] = await Promise.all([
    callApi<CaseAnswer>(req, session, 'GET', `/api/cases/${encodeURIComponent(caseId)}`),
    callApi<{ items: Message[] }>(req, session, 'GET', `/api/cases/${encodeURIComponent(caseId)}/messages`),
  ]);
  if (answer.status !== 200) {
    const e = apiError(answer);
    sendPage(ctx, { status: answer.status === 404 ? 404 : answer.status === 403 ? 403 : 502, title: 'Zaak niet beschikbaar', body: html`<h1 class="utrecht-heading-1">Zaak niet beschikbaar</h1><p class="utrecht-paragraph">${answer.status === 404 ? 'Deze zaak bestaat niet.' : (e.message ?? '')}</p>` });
    return;
  }
  const c = answer.body;
  const s = c.state;
  const actions = availableActions(s, session.user.role);
  const name = c.youth ? `${c.youth.firstName} ${c.youth.lastName}` : 'Onbekende jongere';
  const done = typeof req.query.gedaan === 'string' ? ACTION_TITLES[req.query.gedaan] : undefined;
  sendPage(ctx, {
    title: `${name} · ${caseId}`,
    wide: true,
    status: form ? (form.error.code === 'invalid-input' ? 400 : 422) : 200,
    flash: flash ?? (done ? { kind: 'ok', text: `Vastgelegd: ${done}.` } : undefined),
    breadcrumbs: [{ href: '/werkvoorraad', label: 'Werkvoorraad' }],
    body: html`<h1 class="utrecht-heading-1">${name} <span class="muted">· ${caseId}</span></h1>
${s ? stepper(s) : html`<p class="utrecht-paragraph">De actuele stand is even niet beschikbaar.</p>`}
<div class="grid grid--2-1"><div>
<section class="panel" aria-labelledby="h-acties"><h2 class="utrecht-heading-2" id="h-acties">Wat kan nu</h2>
${s?.phase === 'afgesloten' ? html`<p class="utrecht-paragraph">De zaak is afgesloten${s.closure ? html` op ${formatDate(s.closure.closedAt)}: ${valueLabel(s.closure.reason)}` : ''}.</p>` : ''}
${actions.length ? actions.map((a) => actionForm(caseId, a, session.csrfToken, form && form.path === a.path ? { values: form.values, error: form.error, open: true } : {})) : s?.phase !== 'afgesloten' ? html`<p class="utrecht-paragraph">Geen acties voor uw rol in deze stap.</p>` : ''}
</section>
${s ? thuiszitterPanel(s) : ''}
${s ? huisbezoekPanel(s) : ''}
<section class="panel" aria-labelledby="h-tijdlijn"><h2 class="utrecht-heading-2" id="h-tijdlijn">Tijdlijn</h2>${s ? timeline(s) : ''}
<p class="utrecht-paragraph muted">De laatste wijzigingen uit de workflowhistorie. De volledige historie (wie, wanneer, wat en waarom) staat in de audittrail van het management.</p></section>
<section class="panel" aria-labelledby="h-meldingen"><h2 class="utrecht-heading-2" id="h-meldingen">Meldingen</h2>
<div class="table-wrap" tabindex="0" role="region" aria-label="Tabel, horizontaal scrollbaar"><table class="utrecht-table utrecht-table--html-table"><caption class="utrecht-table__caption">Meldingen in deze zaak</caption><thead class="utrecht-table__header"><tr class="utrecht-table__row"><th class="utrecht-table__header-cell" scope="col">Melding</th><th class="utrecht-table__header-cell" scope="col">Soort</th><th class="utrecht-table__header-cell" scope="col">Periode</th><th class="utrecht-table__header-cell" scope="col">Verzuim</th><th class="utrecht-table__header-cell" scope="col">Ontvangen</th></tr></thead>
<tbody class="utrecht-table__body">${(s?.meldingen ?? []).map(
      (m) => html`<tr class="utrecht-table__row"><td class="utrecht-table__cell">${m.meldingId}${m.recidive ? html` <span class="badge badge--soon">recidive</span>` : ''}</td><td class="utrecht-table__cell">${valueLabel(m.kind)}</td><td class="utrecht-table__cell">${formatDate(m.startDate)} – ${formatDate(m.endDate)}</td><td class="utrecht-table__cell">${m.hoursAbsent !== undefined ? `${m.hoursAbsent} uur` : m.daysAbsent !== undefined ? `${m.daysAbsent} dagen` : m.timesLate !== undefined ? `${m.timesLate} keer te laat` : '–'}</td><td class="utrecht-table__cell">${formatDate(m.receivedAt)}</td></tr>`,
    )}</tbody></table></div></section>
<section class="panel" aria-labelledby="h-school"><h2 class="utrecht-heading-2" id="h-school">Berichten aan de school</h2>
${messages.status === 200 && messages.body.items.length
  ? html`<div class="table-wrap" tabindex="0" role="region" aria-label="Tabel, horizontaal scrollbaar"><table class="utrecht-table utrecht-table--html-table"><caption class="utrecht-table__caption">E-mails aan de school en hun bezorging</caption><thead class="utrecht-table__header"><tr class="utrecht-table__row"><th class="utrecht-table__header-cell" scope="col">Bericht</th><th class="utrecht-table__header-cell" scope="col">Aan</th><th class="utrecht-table__header-cell" scope="col">Bezorging</th><th class="utrecht-table__header-cell" scope="col">Verzonden</th></tr></thead>
<tbody class="utrecht-table__body">${messages.body.items.map(
      (m) => html`<tr class="utrecht-table__row"><td class="utrecht-table__cell">${m.subject}</td><td class="utrecht-table__cell">${m.to}</td><td class="utrecht-table__cell"><span class="badge ${m.status === 'sent' ? 'badge--ok' : m.status === 'failed' || m.status === 'unconfirmed' ? 'badge--overdue' : 'badge--muted'}">${MESSAGE_STATUS[m.status] ?? m.status}</span></td><td class="utrecht-table__cell">${formatDateTime(m.sentAt)}</td></tr>`,
    )}</tbody></table></div>`
  : html`<p class="utrecht-paragraph muted">Geen berichten.</p>`}
${s?.schoolRequest ? html`<p class="utrecht-paragraph">Informatieverzoek: gevraagd ${formatDate(s.schoolRequest.requestedAt)}, termijn ${formatDate(s.schoolRequest.dueAt)}, ${s.schoolRequest.answeredAt ? html`beantwoord ${formatDate(s.schoolRequest.answeredAt)}` : html`<strong>nog niet beantwoord</strong>`}.</p>` : ''}
${s?.schoolRequest?.answer ? html`<h3 class="utrecht-heading-3">Antwoord van de school</h3>${facts([
      ['Contactpersoon', s.schoolRequest.answer.contactPerson],
      ['Gemiste lessen', s.schoolRequest.answer.lessonsMissed ?? '–'],
      ['Acties van de school', s.schoolRequest.answer.schoolActions || '–'],
      ['Zorgsignalen', s.schoolRequest.answer.careSignals || '–'],
    ])}` : ''}
</section>
</div><div>
<section class="panel" aria-labelledby="h-jongere"><h2 class="utrecht-heading-2" id="h-jongere">Jongere en zaak</h2>
${facts([
  ['Naam', name],
  ['Geboortedatum', c.youth ? formatDate(c.youth.dateOfBirth) : '–'],
  ['Regime', s ? valueLabel(s.regime) : '–'],
  ['Gemeente', s ? gemeenteName(s.gemeente) : '–'],
  ['School', s?.schoolBrin ?? '–'],
  ['Behandelaar', s?.consultantId ?? 'niet toegewezen'],
  ['DUO-status', s ? valueLabel(s.duoStatus) : '–'],
  ['Geopend', s ? formatDate(s.openedAt) : '–'],
])}</section>
<section class="panel" aria-labelledby="h-termijnen"><h2 class="utrecht-heading-2" id="h-termijnen">Termijnen</h2>
${deadlineList(s?.deadlines)}</section>
${s?.judgement ? html`<section class="panel" aria-labelledby="h-oordeel"><h2 class="utrecht-heading-2" id="h-oordeel">Oordeel</h2>${facts([['Oordeel', valueLabel(s.judgement.verdict)], ['Onderbouwing', s.judgement.reasoning], ['Datum', formatDate(s.judgement.decidedAt)]])}</section>` : ''}
${s?.routes.length ? html`<section class="panel" aria-labelledby="h-routes"><h2 class="utrecht-heading-2" id="h-routes">Routes</h2><ul class="utrecht-unordered-list">${s.routes.map((r) => html`<li>${valueLabel(r.kind)}: ${r.status === 'lopend' ? 'loopt' : html`afgerond (${valueLabel(r.outcome ?? '')})`}, gestart ${formatDate(r.startedAt)}</li>`)}</ul></section>` : ''}
${session.user.role === 'teamlead' ? html`<p class="utrecht-paragraph"><a class="utrecht-link" href="${c.temporalUi}">Open in de Temporal Web UI</a></p>` : ''}
</div></div>`,
  });
}

async function casePage(ctx: PageCtx): Promise<void> {
  await renderCase(ctx, String(ctx.req.params.caseId));
}

async function postAction(ctx: PageCtx): Promise<void> {
  const caseId = String(ctx.req.params.caseId);
  await postRegistryAction(ctx, {
    actions: ACTIONS,
    apiBase: `/api/cases/${encodeURIComponent(caseId)}`,
    // Back where the form was (the team page's assign form), never to another site.
    redirectTo: (_a, body) => (typeof body._terug === 'string' && body._terug.startsWith('/') && !body._terug.startsWith('//') ? body._terug : `/zaken/${encodeURIComponent(caseId)}`),
    render: (form, flash) => renderCase(ctx, caseId, form, flash),
  });
}

export function casePages(pages: Pages): void {
  pages.get('/zaken/:caseId', ['consultant', 'teamlead'], casePage);
  pages.post('/zaken/:caseId/actie', ['consultant', 'teamlead'], postAction);
  pages.post('/zaken/:caseId/acties/reassign', ['teamlead'], async (ctx) => {
    ctx.req.body = { ...(ctx.req.body as object), _actie: 'reassign' };
    await postAction(ctx);
  });
}

export { alert };
