import type * as Echarts from 'echarts';
import { ZHZ_GEMEENTEN } from '../../domain/policy';
import { apiError, callApi } from '../api-client';
import { html, raw, type Html } from '../html';
import { ACTION_TITLES, formatDateTime, valueLabel } from '../labels';
import { sendPage, type PageCtx, type Pages } from '../router';

// ECharts' server-side rendering to SVG strings (no DOM, no canvas): loaded at the first chart.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const loadEcharts = (): typeof Echarts => require('echarts');

/** The management reports of the API, each shown as a table (and a chart where one helps) with its CSV. */
const REPORTS: { id: string; title: string; chart?: (rows: Row[]) => { label: string; value: number }[] | null }[] = [
  { id: 'cases', title: 'Zaken per fase, route, gemeente en school', chart: (rows) => rows.filter((r) => r.dimension === 'byPhase').map((r) => ({ label: valueLabel(r.key ?? ''), value: Number(r.count) })) },
  { id: 'lead-times', title: 'Doorlooptijden (dagen)', chart: (rows) => rows.filter((r) => r.gemeente === 'alle' || !r.gemeente).map((r) => ({ label: valueLabel(r.measure ?? ''), value: Number(r.medianDays) || 0 })) },
  { id: 'missed-deadlines', title: 'Overschreden termijnen', chart: (rows) => rows.filter((r) => r.dimension === 'byKind').map((r) => ({ label: valueLabel(r.key ?? ''), value: Number(r.count) })) },
  { id: 'thuiszitters', title: 'Thuiszitters' },
  { id: 'early-signals', title: 'Vroegsignalering' },
  { id: 'jaarverslag', title: 'Jaarverslag (art. 25 Leerplichtwet)' },
  { id: 'leerplichttelling', title: 'Leerplichttelling', chart: (rows) => rows.map((r) => ({ label: `${r.gemeente ?? ''} ${r.schoolYear ?? ''}`.trim(), value: Number(r.zestienUur) || 0 })) },
];

type Row = Record<string, string>;

/** RFC 4180 as the API writes it (domain/audit/csv.ts): quoted fields, doubled quotes, CRLF. */
export function parseCsv(text: string): Row[] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += c;
  }
  if (field || record.length) {
    record.push(field);
    records.push(record);
  }
  const [header, ...body] = records.filter((r) => r.length > 1 || r[0]);
  if (!header) return [];
  return body.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}

/** A bar chart as SVG (ECharts server-side rendering); the table next to it carries the same figures. */
export function barChart(title: string, data: { label: string; value: number }[]): Html {
  if (!data.length) return html``;
  const echarts = loadEcharts();
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: 560, height: Math.max(140, 40 + data.length * 34) });
  chart.setOption({
    animation: false,
    textStyle: { fontFamily: 'Arial, sans-serif', color: '#1a1a1a', fontSize: 14 },
    grid: { left: 150, right: 40, top: 16, bottom: 24 },
    xAxis: { type: 'value', minInterval: 1, axisLabel: { color: '#1a1a1a' } },
    yAxis: { type: 'category', data: data.map((d) => d.label), inverse: true, axisLabel: { color: '#1a1a1a', width: 140, overflow: 'truncate' } },
    series: [{ type: 'bar', data: data.map((d) => d.value), itemStyle: { color: '#154273' }, label: { show: true, position: 'right', color: '#1a1a1a' } }],
  });
  const svg = chart.renderToSVGString();
  chart.dispose();
  // The figure is for sighted users; the table below it is the same data for everyone.
  return html`<figure class="chart"><figcaption>${title}</figcaption><div aria-hidden="true">${raw(svg)}</div></figure>`;
}

const COLUMN_LABELS: Record<string, string> = {
  dimension: 'Indeling',
  key: 'Waarde',
  label: 'Omschrijving',
  count: 'Aantal',
  gemeente: 'Gemeente',
  measure: 'Doorlooptijd',
  n: 'Aantal zaken',
  medianDays: 'Mediaan (dagen)',
  p90Days: '90e percentiel (dagen)',
  schoolYear: 'Schooljaar',
  zestienUur: '16-uurmeldingen',
  luxe: 'Luxe verzuim',
  figure: 'Cijfer',
};

const DIMENSIONS: Record<string, string> = { total: 'Totaal', cases: 'Zaken', byStatus: 'Per status', byPhase: 'Per fase', byRoute: 'Per route', byGemeente: 'Per gemeente', bySchool: 'Per school', byKind: 'Per soort', byConsultant: 'Per behandelaar' };

function table(caption: string, rows: Row[]): Html {
  if (!rows.length) return html`<p class="utrecht-paragraph muted">Geen gegevens in deze periode.</p>`;
  const columns = Object.keys(rows[0]!);
  return html`<div class="table-wrap" tabindex="0" role="region" aria-label="Tabel, horizontaal scrollbaar"><table class="utrecht-table utrecht-table--html-table"><caption class="utrecht-table__caption">${caption}</caption>
<thead class="utrecht-table__header"><tr class="utrecht-table__row">${columns.map((c) => html`<th class="utrecht-table__header-cell" scope="col">${COLUMN_LABELS[c] ?? c}</th>`)}</tr></thead>
<tbody class="utrecht-table__body">${rows.slice(0, 200).map((r) => html`<tr class="utrecht-table__row">${columns.map((c) => html`<td class="utrecht-table__cell">${c === 'dimension' ? (DIMENSIONS[r[c] ?? ''] ?? r[c]) : r[c]}</td>`)}</tr>`)}</tbody></table></div>
${rows.length > 200 ? html`<p class="utrecht-paragraph muted">De eerste 200 van ${rows.length} regels; alle regels staan in de CSV.</p>` : ''}`;
}

const isoToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(new Date());

function periodOf(ctx: PageCtx): { from: string; to: string; gemeente?: string } {
  const q = ctx.req.query as Record<string, string | undefined>;
  const today = isoToday();
  const valid = (d?: string) => (d && /^\d{4}-\d{2}-\d{2}$/.test(d) ? d : undefined);
  const gemeente = q.gemeente && /^GM\d{4}$/.test(q.gemeente) ? q.gemeente : undefined;
  return { from: valid(q.from) ?? `${today.slice(0, 4)}-01-01`, to: valid(q.to) ?? today, ...(gemeente && { gemeente }) };
}

async function dashboard(ctx: PageCtx): Promise<void> {
  const period = periodOf(ctx);
  const query = new URLSearchParams(period).toString();
  const results = await Promise.all(REPORTS.map((r) => callApi<string>(ctx.req, ctx.session, 'GET', `/api/reports/${r.id}?${query}&format=csv`, undefined, 'text/csv')));
  const failed = results.find((r) => r.status !== 200);
  const sections = REPORTS.map((r, i) => {
    const answer = results[i]!;
    const rows = answer.status === 200 ? parseCsv(String(answer.body)) : [];
    const chartData = r.chart?.(rows);
    return html`<section class="panel" aria-labelledby="h-${r.id}"><h2 class="utrecht-heading-2" id="h-${r.id}">${r.title}</h2>
${answer.status !== 200 ? html`<p class="utrecht-paragraph">Niet beschikbaar: ${apiError(answer).message ?? ''}</p>` : html`${chartData?.length ? barChart(r.title, chartData) : ''}${table(`${r.title}, ${period.from} tot en met ${period.to}`, rows)}
<p><a class="utrecht-link" href="/dashboard/csv/${r.id}?${query}" download>Download als CSV<span class="visually-hidden">: ${r.title}</span></a></p>`}</section>`;
  });
  const cases = results[0]!.status === 200 ? parseCsv(String(results[0]!.body)) : [];
  const totalOf = (rows: Row[]) => Number(rows.find((r) => r.dimension === 'total')?.count ?? 0);
  const total = totalOf(cases);
  const missed = results[2]!.status === 200 ? totalOf(parseCsv(String(results[2]!.body))) : 0;
  sendPage(ctx, {
    title: 'Dashboard',
    wide: true,
    flash: failed ? { kind: 'error', text: `Niet alle cijfers konden worden geladen: ${apiError(failed).message ?? ''}` } : undefined,
    body: html`<h1 class="utrecht-heading-1">Dashboard</h1>
<form method="get" action="/dashboard" class="filters" aria-label="Periode en gemeente">
<div class="utrecht-form-field"><div class="utrecht-form-field__label"><label class="utrecht-form-label" for="d-from">Van</label></div><input class="utrecht-textbox utrecht-textbox--html-input" type="date" id="d-from" name="from" value="${period.from}"></div>
<div class="utrecht-form-field"><div class="utrecht-form-field__label"><label class="utrecht-form-label" for="d-to">Tot en met</label></div><input class="utrecht-textbox utrecht-textbox--html-input" type="date" id="d-to" name="to" value="${period.to}"></div>
<div class="utrecht-form-field"><div class="utrecht-form-field__label"><label class="utrecht-form-label" for="d-gemeente">Gemeente</label></div><select class="utrecht-select utrecht-select--html-select" id="d-gemeente" name="gemeente"><option value="">Alle gemeenten</option>${ZHZ_GEMEENTEN.map((g) => html`<option value="${g.code}"${g.code === period.gemeente ? html` selected` : ''}>${g.name}</option>`)}</select></div>
<button class="utrecht-button utrecht-button--primary-action" type="submit">Toon cijfers</button></form>
<div class="kpis"><div class="kpi"><span class="kpi__value">${total}</span><span class="kpi__label">zaken geopend in de periode</span></div><div class="kpi${missed ? ' kpi--alert' : ''}"><span class="kpi__value">${missed}</span><span class="kpi__label">termijnen overschreden</span></div></div>
<div class="grid grid--reports">${sections}</div>`,
  });
}

async function csv(ctx: PageCtx): Promise<void> {
  const report = REPORTS.find((r) => r.id === ctx.req.params.report);
  if (!report) {
    sendPage(ctx, { status: 404, title: 'Niet gevonden', body: html`<h1 class="utrecht-heading-1">Dit rapport bestaat niet</h1>` });
    return;
  }
  const answer = await callApi<string>(ctx.req, ctx.session, 'GET', `/api/reports/${report.id}?${new URLSearchParams(periodOf(ctx))}&format=csv`, undefined, 'text/csv');
  if (answer.status !== 200) {
    sendPage(ctx, { status: answer.status, title: 'Niet beschikbaar', body: html`<h1 class="utrecht-heading-1">Niet beschikbaar</h1><p class="utrecht-paragraph">${apiError(answer).message ?? ''}</p>` });
    return;
  }
  ctx.res.set('content-type', 'text/csv; charset=utf-8');
  ctx.res.set('content-disposition', answer.headers.get('content-disposition') ?? `attachment; filename="${report.id}.csv"`);
  ctx.res.send(String(answer.body));
}

type HistoryAnswer = { caseId: string; temporalUi: string; runs: { runId: string; temporalUi: string }[]; timeline: { at: string; kind: string; what: string; actor?: { id: string; role: string }; reason?: string; summary: string; outcome?: { status: string; phase?: string; step?: string | null } }[] };

async function auditSearch(ctx: PageCtx): Promise<void> {
  const q = typeof ctx.req.query.zaak === 'string' ? ctx.req.query.zaak.trim() : '';
  if (q) return ctx.res.redirect(303, `/audit/${encodeURIComponent(q)}`);
  sendPage(ctx, {
    title: 'Audittrail',
    body: html`<h1 class="utrecht-heading-1">Audittrail van een zaak</h1><p class="utrecht-paragraph">De volledige historie van een zaak: wie, wanneer, wat en waarom, uit de workflowhistorie; met een link naar de Temporal Web UI.</p>
<form method="get" action="/audit" class="filters"><div class="utrecht-form-field"><div class="utrecht-form-field__label"><label class="utrecht-form-label" for="a-zaak">Zaaknummer</label></div><input class="utrecht-textbox utrecht-textbox--html-input" id="a-zaak" name="zaak" required pattern="case-[A-Za-z0-9_-]+" placeholder="case-…"></div>
<button class="utrecht-button utrecht-button--primary-action" type="submit">Toon historie</button></form>`,
  });
}

async function auditCase(ctx: PageCtx): Promise<void> {
  const caseId = String(ctx.req.params.caseId);
  const answer = await callApi<HistoryAnswer>(ctx.req, ctx.session, 'GET', `/api/cases/${encodeURIComponent(caseId)}/history`);
  if (answer.status !== 200) {
    sendPage(ctx, { status: answer.status === 404 ? 404 : answer.status === 403 ? 403 : 502, title: 'Historie niet beschikbaar', body: html`<h1 class="utrecht-heading-1">Historie niet beschikbaar</h1><p class="utrecht-paragraph">${answer.status === 404 ? 'Deze zaak bestaat niet.' : (apiError(answer).message ?? '')}</p>` });
    return;
  }
  const h = answer.body;
  const entries = h.timeline.filter((e) => e.kind !== 'activity');
  sendPage(ctx, {
    title: `Audittrail ${caseId}`,
    wide: true,
    breadcrumbs: [{ href: '/audit', label: 'Audittrail' }],
    body: html`<h1 class="utrecht-heading-1">Audittrail <span class="muted">· ${caseId}</span></h1>
<p class="utrecht-paragraph"><a class="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--secondary-action" href="${h.temporalUi}">Open in de Temporal Web UI</a> <span class="muted">De Web UI toont de historie leesbaar zolang u hier bent ingelogd (de codec accepteert uw sessie).</span></p>
<div class="table-wrap" tabindex="0" role="region" aria-label="Tabel, horizontaal scrollbaar"><table class="utrecht-table utrecht-table--html-table"><caption class="utrecht-table__caption">Wie deed wat, wanneer en waarom (${entries.length} gebeurtenissen)</caption>
<thead class="utrecht-table__header"><tr class="utrecht-table__row"><th class="utrecht-table__header-cell" scope="col">Wanneer</th><th class="utrecht-table__header-cell" scope="col">Wat</th><th class="utrecht-table__header-cell" scope="col">Wie</th><th class="utrecht-table__header-cell" scope="col">Waarom</th><th class="utrecht-table__header-cell" scope="col">Uitkomst</th></tr></thead>
<tbody class="utrecht-table__body">${entries.map(
      (e) => html`<tr class="utrecht-table__row"><td class="utrecht-table__cell">${formatDateTime(e.at)}</td><td class="utrecht-table__cell">${ACTION_TITLES[e.what] ?? e.summary}</td><td class="utrecht-table__cell">${e.actor ? `${e.actor.id} (${e.actor.role})` : '–'}</td><td class="utrecht-table__cell">${e.reason ?? ''}</td><td class="utrecht-table__cell">${e.outcome ? `${e.outcome.status === 'failed' ? 'geweigerd' : e.outcome.status === 'completed' ? 'uitgevoerd' : 'loopt'}${e.outcome.phase ? ` · ${valueLabel(e.outcome.phase)}` : ''}` : ''}</td></tr>`,
    )}</tbody></table></div>`,
  });
}

export function reportPages(pages: Pages): void {
  pages.get('/dashboard', ['management', 'teamlead'], dashboard);
  pages.get('/dashboard/csv/:report', ['management', 'teamlead'], csv);
  pages.get('/audit', ['management'], auditSearch);
  pages.get('/audit/:caseId', ['management'], auditCase);
}
