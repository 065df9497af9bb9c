import { MELDING_KIND_LABELS } from '../../domain/audit/reports';
import { apiError, callApi } from '../api-client';
import { html, type Html } from '../html';
import { formatDate } from '../labels';
import { sendPage, type PageCtx, type Pages } from '../router';

/** One of the school's meldingen as GET /api/school/meldingen answers it. */
type SchoolMelding = {
  meldingId: string;
  kind: string;
  reportDate: string;
  pupil: { name: string; className?: string };
  status: string;
  statusLabel: string;
  closureReason: string | null;
  closureReasonLabel: string | null;
  closedAt: string | null;
  history: { status: string; statusLabel: string; at: string }[];
};

const kindLabel = (k: string) => (MELDING_KIND_LABELS as Record<string, string>)[k] ?? k;

/** The DUO status as a badge: still open (registered, in behandeling) or ended. */
export function duoBadge(m: { status: string; statusLabel: string }): Html {
  const tone = m.status === 'geregistreerd' ? 'badge--muted' : m.status === 'in-behandeling' ? 'badge--soon' : 'badge--ok';
  return html`<span class="badge ${tone}">${m.statusLabel}</span>`;
}

const pupil = (m: SchoolMelding) => (m.pupil.className ? `${m.pupil.name} (klas ${m.pupil.className})` : m.pupil.name);

/**
 * A school's own meldingen and their DUO status (issue 17), from GET /api/school/meldingen: only
 * the BRIN in the school's token, and of the pupil only what the school reported (name, class).
 * On a phone the table's rows become blocks (app.css, .stack-table), each cell with its heading;
 * the ARIA roles keep it a table for screen readers when CSS changes its display.
 */
async function myMeldingen(ctx: PageCtx): Promise<void> {
  const { req, session } = ctx;
  const answer = await callApi<{ brin: string; schoolName: string | null; items: SchoolMelding[] }>(req, session, 'GET', '/api/school/meldingen');
  const ok = answer.status === 200;
  const items = ok ? answer.body.items : [];
  const cols = ['Melding', 'Gemeld op', 'Leerling', 'Soort verzuim', 'DUO-status'];
  sendPage(ctx, {
    title: 'Mijn meldingen',
    flash: ok ? undefined : { kind: 'error', text: apiError(answer).message ?? 'Uw meldingen konden niet worden geladen.' },
    body: html`<h1 class="utrecht-heading-1">Mijn meldingen</h1>
<p class="utrecht-paragraph">De verzuimmeldingen van ${ok && answer.body.schoolName ? answer.body.schoolName : 'uw school'}${ok ? html` (BRIN ${answer.body.brin})` : ''} en de status die de gemeente aan DUO doorgeeft, de nieuwste eerst. U ziet alleen de meldingen van uw eigen school, met de leerling zoals u die hebt gemeld.</p>
<p class="button-row"><a class="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--primary-action" href="/meldingen/nieuw">Verzuim melden</a></p>
${
  items.length
    ? html`<table class="utrecht-table utrecht-table--html-table stack-table" role="table">
<caption class="utrecht-table__caption">${items.length === 1 ? '1 melding' : `${items.length} meldingen`} van uw school</caption>
<thead class="utrecht-table__header" role="rowgroup"><tr class="utrecht-table__row" role="row">${cols.map((c) => html`<th class="utrecht-table__header-cell" scope="col" role="columnheader">${c}</th>`)}</tr></thead>
<tbody class="utrecht-table__body" role="rowgroup">${items.map(
        (m) => html`<tr class="utrecht-table__row" role="row">
<td class="utrecht-table__cell" role="cell" data-label="${cols[0]!}"><a class="utrecht-link" href="/school-portaal/meldingen/${encodeURIComponent(m.meldingId)}">${m.meldingId}<span class="visually-hidden">: statusverloop</span></a></td>
<td class="utrecht-table__cell" role="cell" data-label="${cols[1]!}">${formatDate(m.reportDate)}</td>
<td class="utrecht-table__cell" role="cell" data-label="${cols[2]!}">${pupil(m)}</td>
<td class="utrecht-table__cell" role="cell" data-label="${cols[3]!}">${kindLabel(m.kind)}</td>
<td class="utrecht-table__cell" role="cell" data-label="${cols[4]!}"><span>${duoBadge(m)}${m.closureReasonLabel ? html`<br><span class="muted">${m.closureReasonLabel}</span>` : ''}</span></td></tr>`,
      )}</tbody></table>`
    : ok
      ? html`<p class="utrecht-paragraph">Er zijn nog geen meldingen van uw school bekend.</p>`
      : ''
}`,
  });
}

async function oneMelding(ctx: PageCtx): Promise<void> {
  const { req, session } = ctx;
  const id = String(req.params.meldingId);
  const answer = await callApi<SchoolMelding>(req, session, 'GET', `/api/school/meldingen/${encodeURIComponent(id)}`);
  const breadcrumbs = [{ href: '/school-portaal', label: 'Mijn meldingen' }];
  if (answer.status !== 200) {
    const missing = answer.status === 404 || answer.status === 400;
    sendPage(ctx, {
      status: missing ? 404 : 502,
      title: 'Melding niet gevonden',
      breadcrumbs,
      body: html`<h1 class="utrecht-heading-1">Melding niet gevonden</h1><p class="utrecht-paragraph">${missing ? 'Uw school heeft geen melding met dit nummer.' : (apiError(answer).message ?? '')}</p>`,
    });
    return;
  }
  const m = answer.body;
  const rows: [string, Html | string][] = [
    ['Leerling', m.pupil.name],
    ['Klas', m.pupil.className ?? '–'],
    ['Soort verzuim', kindLabel(m.kind)],
    ['Gemeld op', formatDate(m.reportDate)],
    ['DUO-status', duoBadge(m)],
    ...(m.closureReasonLabel ? ([['Reden van afsluiten', m.closureReasonLabel]] as [string, string][]) : []),
    ...(m.closedAt ? ([['Afgesloten op', formatDate(m.closedAt)]] as [string, string][]) : []),
  ];
  sendPage(ctx, {
    title: `Melding ${m.meldingId}`,
    breadcrumbs,
    body: html`<h1 class="utrecht-heading-1">Melding ${m.meldingId}</h1>
<section class="panel" aria-labelledby="h-melding"><h2 class="utrecht-heading-2" id="h-melding">Wat u hebt gemeld</h2>
<dl class="facts">${rows.map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`)}</dl></section>
<section class="panel" aria-labelledby="h-verloop"><h2 class="utrecht-heading-2" id="h-verloop">Statusverloop bij DUO</h2>
<ol class="timeline">${m.history.map((h) => html`<li><time datetime="${h.at}">${formatDate(h.at)}</time><strong>${h.statusLabel}</strong></li>`)}</ol>
<p class="utrecht-paragraph muted">De gemeente geeft deze status door aan DUO. Vragen over de aanpak stelt u aan de leerplichtambtenaar.</p></section>`,
  });
}

export function schoolPages(pages: Pages): void {
  pages.get('/school-portaal', ['school'], myMeldingen);
  pages.get('/school-portaal/meldingen/:meldingId', ['school'], oneMelding);
}
