import type { CaseState, PlanGoalState, ThuiszitterState } from '../../domain/case/state';
import { html, type Html } from '../html';
import { formatDate, formatDateTime, valueLabel } from '../labels';
import { deadlineBadge } from './queue';

/**
 * The case page's thuiszitter and huisbezoek panels (issue 7 on the page, issue 17): since when
 * and why, the reviews (DOE-agenda) with who was there and what came of it, the plan's goals with
 * their dates and progress, and the home visits with their follow-up, as Dutch tables.
 */

/** Values whose humanized id does not read well in Dutch; the rest go through valueLabel. */
const LABELS: Record<string, string> = {
  'vier-weken-afwezig': 'Vier weken of langer afwezig',
  'langdurig-relatief': 'Langdurig relatief verzuim',
  absoluut: 'Absoluut verzuim (niet ingeschreven)',
  'ziek-met-plan': 'Ziek, met een plan',
  'gedeeltelijk-onderwijs': 'Gedeeltelijk onderwijs',
  'ander-onderwijs': 'Ander onderwijs',
  verhuisd: 'Verhuisd',
  'zaak-gesloten': 'Zaak gesloten',
  open: 'Open',
  behaald: 'Behaald',
  'niet-behaald': 'Niet behaald',
  bijgesteld: 'Bijgesteld',
  'veilig-thuis': 'Veilig Thuis',
  samenwerkingsverband: 'Samenwerkingsverband',
  'adres-bevestigd': 'Adres bevestigd',
  'nieuw-adres-in-regio': 'Nieuw adres in de regio',
  'verhuisd-buiten-regio': 'Verhuisd buiten de regio',
  'onbekend-waar': 'Onbekend waar',
};
export const label = (v: string) => LABELS[v] ?? valueLabel(v);
const yesNo = (b: boolean) => (b ? 'Ja' : 'Nee');

function table(caption: string, head: string[], rows: Html[]): Html {
  return html`<div class="table-wrap" tabindex="0" role="region" aria-label="${caption}, horizontaal scrollbaar"><table class="utrecht-table utrecht-table--html-table">
<caption class="utrecht-table__caption">${caption}</caption>
<thead class="utrecht-table__header"><tr class="utrecht-table__row">${head.map((h) => html`<th class="utrecht-table__header-cell" scope="col">${h}</th>`)}</tr></thead>
<tbody class="utrecht-table__body">${rows}</tbody></table></div>`;
}
const cell = (v: Html | string) => html`<td class="utrecht-table__cell">${v}</td>`;

const goalBadge = (status: PlanGoalState['status']) =>
  html`<span class="badge ${status === 'behaald' ? 'badge--ok' : status === 'niet-behaald' ? 'badge--overdue' : 'badge--muted'}">${label(status)}</span>`;

function reviews(t: Pick<ThuiszitterState, 'reviews'>): Html {
  if (!t.reviews.length) return html`<p class="utrecht-paragraph muted">Nog geen overleg vastgelegd.</p>`;
  return table(
    'Thuiszitteroverleggen (DOE-agenda), het nieuwste eerst',
    ['Datum', 'Ouders', 'Jongere', 'Deelnemers en uitkomst', 'Conclusie: wat is nog mogelijk'],
    [...t.reviews].reverse().map(
      (r) => html`<tr class="utrecht-table__row">${cell(formatDate(r.heldOn))}${cell(yesNo(r.withParents))}${cell(yesNo(r.withYouth))}
${cell(html`<ul class="utrecht-unordered-list compact-list">${r.partners.map((p) => html`<li><strong>${label(p.partner)}</strong>: ${p.outcome}</li>`)}</ul>`)}
${cell(html`${r.conclusion}${r.note ? html`<br><span class="muted">${r.note}</span>` : ''}`)}</tr>`,
    ),
  );
}

function goals(t: Pick<ThuiszitterState, 'goals'>): Html {
  if (!t.goals.length) return html`<p class="utrecht-paragraph muted">Nog geen doelen in het plan.</p>`;
  return table(
    'Doelen uit het plan, met hun datum en voortgang',
    ['Doel', 'Omschrijving', 'Datum', 'Status', 'Verloop'],
    t.goals.map(
      (g) => html`<tr class="utrecht-table__row">${cell(g.id)}${cell(g.description)}${cell(g.status === 'open' ? deadlineBadge(`${g.dueOn}T23:59:59Z`) : formatDate(g.dueOn))}${cell(goalBadge(g.status))}
${cell(
  g.history.length
    ? html`<ul class="utrecht-unordered-list compact-list">${g.history.map((h) => html`<li>${formatDate(h.at)}: ${label(h.status)}${h.status === 'bijgesteld' ? html`, nieuwe datum ${formatDate(h.dueOn)}` : ''}${h.note ? html` (${h.note})` : ''}</li>`)}</ul>`
    : html`<span class="muted">gesteld ${formatDate(g.setOn)}</span>`,
)}</tr>`,
    ),
  );
}

function facts(rows: [string, Html | string][]): Html {
  return html`<dl class="facts">${rows.map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`)}</dl>`;
}

export function thuiszitterPanel(s: CaseState): Html {
  const t = s.thuiszitter;
  if (!t) return html``;
  const review = s.deadlines.find((d) => d.kind === 'thuiszitter-overleg');
  return html`<section class="panel" aria-labelledby="h-thuiszitter"><h2 class="utrecht-heading-2" id="h-thuiszitter">Thuiszitter</h2>
${facts([
  ['Thuiszitter sinds', formatDate(t.since)],
  ['Grond', label(t.grounds)],
  ['Vastgesteld', t.setBy === 'afgeleid' ? `afgeleid uit de meldingen, ${formatDate(t.markedAt)}` : `door ${t.setBy}, ${formatDate(t.markedAt)}`],
  ...(t.until ? ([['Beëindigd', `${formatDate(t.until)}${t.endReason ? `: ${label(t.endReason)}` : ''}`]] as [string, string][]) : []),
  ...(review && !t.until ? ([['Volgend overleg uiterlijk', deadlineBadge(review.dueAt)]] as [string, Html][]) : []),
])}
<h3 class="utrecht-heading-3">Overleg</h3>${reviews(t)}
<h3 class="utrecht-heading-3">Plan</h3>${goals(t)}
${t.previous?.length ? html`<h3 class="utrecht-heading-3">Eerdere periodes</h3><ul class="utrecht-unordered-list">${t.previous.map((p) => html`<li>${formatDate(p.since)} tot ${formatDate(p.until)} (${label(p.grounds)}${p.endReason ? `, ${label(p.endReason)}` : ''}): ${p.reviews.length} overleg, ${p.goals.length} doelen</li>`)}</ul>` : ''}
</section>`;
}

export function huisbezoekPanel(s: CaseState): Html {
  const visits = s.huisbezoeken ?? [];
  if (!visits.length) return html``;
  const followUp = s.deadlines.find((d) => d.kind === 'huisbezoek-opvolging');
  return html`<section class="panel" aria-labelledby="h-huisbezoek"><h2 class="utrecht-heading-2" id="h-huisbezoek">Huisbezoeken</h2>
${table(
  'Huisbezoeken en hun opvolging, het nieuwste eerst',
  ['Bezocht op', 'Uitkomst', 'Toelichting', 'Opvolging'],
  [...visits].reverse().map(
    (h) => html`<tr class="utrecht-table__row">${cell(formatDateTime(h.visitedAt))}${cell(label(h.outcome))}${cell(h.note ?? '–')}
${cell(
  !h.followUp
    ? html`<span class="muted">niet nodig</span>`
    : h.followUpDone
      ? html`Gedaan ${formatDate(h.followUpDone.at)}: ${label(h.followUpDone.addressCheck)}${h.followUpDone.partnersInformed.length ? html`; geïnformeerd: ${h.followUpDone.partnersInformed.map(label).join(', ')}` : ''}${h.followUpDone.note ? html`<br><span class="muted">${h.followUpDone.note}</span>` : ''}`
      : html`<strong>Nodig</strong>: adres controleren in de BRP en partners informeren${followUp ? html`, uiterlijk ${deadlineBadge(followUp.dueAt)}` : ''}`,
)}</tr>`,
  ),
)}
</section>`;
}
