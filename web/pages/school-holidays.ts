import { SchoolHolidaysInput } from '../../domain/calendar-school-holidays';
import type { Holiday } from '../../domain/calendar';
import { apiError, callApi, type ApiError } from '../api-client';
import { html, type Html } from '../html';
import { formatDate } from '../labels';
import { csrfField } from '../layout';
import { sendPage, type PageCtx, type Pages } from '../router';

type Warning = { code: string; region: string; coveredUntil: string | null; message: string };
type RegionView = { region: string; revision: number; coveredUntil: string | null; warning: Warning | null; schoolYears: { schoolYear: string; holidays: Holiday[] }[] };
type FormRow = { name?: string; from?: string; to?: string };
type FormState = { region: string; schoolYear: string; source: string; rows: FormRow[] };

/** Holiday rows in the form: a school year has seven or so; empty rows are skipped. */
const ROWS = 10;

/** The warning in Dutch: the school year to add comes from the API's path in its English message. */
function warningNl(w: Warning): string {
  const missing = /\/(\d{4}-\d{4})\)/.exec(w.message)?.[1];
  const add = missing ? ` Voeg schooljaar ${missing} toe.` : '';
  return w.coveredUntil
    ? `Regio ${w.region}: de schoolvakanties zijn bekend tot en met ${formatDate(w.coveredUntil)}, minder dan twaalf maanden vooruit.${add} Termijnen na ${formatDate(w.coveredUntil)} zijn voorlopig.`
    : `Regio ${w.region}: er zijn geen schoolvakanties van het huidige schooljaar bekend.${add} Termijnen in deze regio zijn voorlopig.`;
}

function yearTable(region: string, y: RegionView['schoolYears'][number]): Html {
  return html`<div class="table-wrap" tabindex="0" role="region" aria-label="Schooljaar ${y.schoolYear}, regio ${region}"><table class="utrecht-table utrecht-table--html-table stack-table"><caption class="utrecht-table__caption">Schooljaar ${y.schoolYear} · <a class="utrecht-link" href="/beheer/schoolvakanties?regio=${encodeURIComponent(region)}&amp;schooljaar=${y.schoolYear}#invoer">wijzigen</a></caption>
<thead class="utrecht-table__header"><tr class="utrecht-table__row"><th class="utrecht-table__header-cell" scope="col">Vakantie</th><th class="utrecht-table__header-cell" scope="col">Van</th><th class="utrecht-table__header-cell" scope="col">Tot en met</th></tr></thead>
<tbody class="utrecht-table__body">${y.holidays.map(
    (h) => html`<tr class="utrecht-table__row"><td class="utrecht-table__cell" data-label="Vakantie">${h.name}</td><td class="utrecht-table__cell" data-label="Van">${formatDate(h.from)}</td><td class="utrecht-table__cell" data-label="Tot en met">${formatDate(h.to)}</td></tr>`,
  )}</tbody></table></div>`;
}

function regionSection(r: RegionView): Html {
  const id = `regio-${r.region}`;
  return html`<section aria-labelledby="${id}" class="panel" data-regio="${r.region}"><h2 class="utrecht-heading-2" id="${id}">Regio ${r.region}</h2>
<p class="utrecht-paragraph">${r.coveredUntil ? html`Bekend tot en met ${formatDate(r.coveredUntil)}.` : 'Het huidige schooljaar is niet bekend.'} <a class="utrecht-link" href="/beheer/schoolvakanties?regio=${encodeURIComponent(r.region)}#invoer">Schooljaar toevoegen</a></p>
${r.warning ? html`<p class="utrecht-paragraph warning-text" data-waarschuwing="${r.region}"><strong>Let op:</strong> ${warningNl(r.warning)}</p>` : ''}
${r.schoolYears.map((y) => yearTable(r.region, y))}</section>`;
}

function input(id: string, name: string, label: string, value: string | undefined, error: string | undefined, type = 'text', hint?: string): Html {
  const describedBy = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ');
  return html`<div class="utrecht-form-field${error ? ' utrecht-form-field--invalid' : ''}">
<div class="utrecht-form-field__label"><label class="utrecht-form-label" for="${id}">${label}</label></div>
${hint ? html`<div class="utrecht-form-field-description" id="${id}-hint">${hint}</div>` : ''}
${error ? html`<div class="utrecht-form-field-error-message" id="${id}-error">${error}</div>` : ''}
<div class="utrecht-form-field__input"><input class="utrecht-textbox utrecht-textbox--html-input" type="${type}" id="${id}" name="${name}" value="${value ?? ''}"${describedBy ? html` aria-describedby="${describedBy}"` : ''}${error ? html` aria-invalid="true"` : ''}></div></div>`;
}

function yearForm(ctx: PageCtx, form: FormState, error?: ApiError): Html {
  const errorAt = (path: string) => {
    const own = (error?.fields ?? []).filter((f) => f.path === path || (path.startsWith('holidays.') && f.path === path.split('.').slice(0, 2).join('.') && path.endsWith('.from')));
    return own.length ? own.map((f) => f.message).join(' ') : undefined;
  };
  const rows = [...form.rows, ...Array.from({ length: Math.max(0, ROWS - form.rows.length) }, () => ({}) as FormRow)];
  const listError = errorAt('holidays');
  return html`<form method="post" action="/beheer/schoolvakanties" class="panel" id="invoer" novalidate aria-labelledby="invoer-kop">${csrfField(ctx.session.csrfToken)}
<h2 class="utrecht-heading-2" id="invoer-kop">Schooljaar toevoegen of vervangen</h2>
<p class="utrecht-paragraph">Een schooljaar loopt van 1 augustus tot en met 31 juli; de zomervakantie mag tot 15 september doorlopen. Opslaan vervangt alle vakanties van dat schooljaar; lopende zaken rekenen hun termijnen opnieuw. Een lege regel wordt overgeslagen.</p>
${input('sv-region', 'region', 'Vakantieregio', form.region, errorAt('region'), 'text', 'noord, midden, zuid of de eigen code van een regio met eigen data')}
${input('sv-schoolYear', 'schoolYear', 'Schooljaar', form.schoolYear, errorAt('schoolYear'), 'text', 'Als JJJJ-JJJJ, bijvoorbeeld 2027-2028')}
${input('sv-source', 'source', 'Bron (optioneel)', form.source, errorAt('source'), 'text', 'Bijvoorbeeld rijksoverheid.nl of een besluit van het schoolbestuur')}
<fieldset class="utrecht-form-fieldset${listError ? ' utrecht-form-fieldset--invalid' : ''}"${listError ? html` aria-describedby="sv-holidays-error"` : ''}><legend class="utrecht-form-fieldset__legend">Vakanties</legend>
${listError ? html`<div class="utrecht-form-field-error-message" id="sv-holidays-error">${listError}</div>` : ''}
${rows.map(
    (r, i) => html`<fieldset class="utrecht-form-fieldset holiday-row"><legend class="utrecht-form-fieldset__legend">Vakantie ${i + 1}</legend>
${input(`sv-${i}-name`, `holidays.${i}.name`, 'Naam', r.name, errorAt(`holidays.${i}.name`))}${input(`sv-${i}-from`, `holidays.${i}.from`, 'Van', r.from, errorAt(`holidays.${i}.from`), 'date')}${input(`sv-${i}-to`, `holidays.${i}.to`, 'Tot en met', r.to, errorAt(`holidays.${i}.to`), 'date')}</fieldset>`,
  )}</fieldset>
<div class="button-row"><button class="utrecht-button utrecht-button--primary-action" type="submit">Schooljaar opslaan</button></div></form>`;
}

async function page(ctx: PageCtx, form: FormState | null, error?: ApiError, saved?: string): Promise<void> {
  const answer = await callApi<{ items: RegionView[]; warnings: Warning[] }>(ctx.req, ctx.session, 'GET', '/api/school-holidays');
  const loadError = answer.status === 200 ? undefined : apiError(answer);
  const items = answer.status === 200 ? answer.body.items : [];
  const warnings = answer.status === 200 ? answer.body.warnings : [];
  if (!form) {
    // A link of a region (and a school year) fills in the form with what is known.
    const region = typeof ctx.req.query.regio === 'string' ? ctx.req.query.regio : (items[0]?.region ?? '');
    const year = typeof ctx.req.query.schooljaar === 'string' ? ctx.req.query.schooljaar : '';
    const known = items.find((i) => i.region === region)?.schoolYears.find((y) => y.schoolYear === year);
    form = { region, schoolYear: year, source: '', rows: known?.holidays ?? [] };
  }
  sendPage(ctx, {
    title: 'Schoolvakanties',
    wide: true,
    status: error ? (error.code === 'unavailable' || error.code === 'internal' ? 502 : 400) : loadError ? 502 : 200,
    flash: saved ? { kind: 'ok', text: `Schooljaar ${saved} is opgeslagen. Lopende zaken in die regio rekenen hun termijnen opnieuw.` } : error ? { kind: 'error', text: `Niet opgeslagen: ${error.message ?? ''}` } : loadError ? { kind: 'error', text: `Niet geladen: ${loadError.message ?? ''}` } : undefined,
    body: html`<h1 class="utrecht-heading-1">Schoolvakanties</h1>
<p class="utrecht-paragraph">Schoolvakanties tellen niet als werkdag in de termijnen van de MAS. Ze gelden per vakantieregio (noord, midden, zuid of een regio met eigen data); welke regio een gemeente volgt staat in het <a class="utrecht-link" href="/beheer/beleid">Regiobeleid</a>.</p>
${warnings.length ? html`<div class="utrecht-alert utrecht-alert--warning" role="status" id="waarschuwingen"><div class="utrecht-alert__content"><h2 class="utrecht-heading-2">Niet ver genoeg bekend</h2><ul class="utrecht-unordered-list">${warnings.map((w) => html`<li data-regio="${w.region}">${warningNl(w)}</li>`)}</ul></div></div>` : ''}
${items.map(regionSection)}
${yearForm(ctx, form, error)}`,
  });
}

async function holidaysGet(ctx: PageCtx): Promise<void> {
  await page(ctx, null, undefined, typeof ctx.req.query.opgeslagen === 'string' ? ctx.req.query.opgeslagen : undefined);
}

async function holidaysPost(ctx: PageCtx): Promise<void> {
  const body = ctx.req.body as Record<string, string | undefined>;
  const text = (k: string) => String(body[k] ?? '').trim();
  const rows: FormRow[] = [];
  for (let i = 0; i < ROWS; i++) rows.push({ name: text(`holidays.${i}.name`), from: text(`holidays.${i}.from`), to: text(`holidays.${i}.to`) });
  // Rows keep their place so a field message (`holidays.3.to`) lands at the row it is about.
  const lastFilled = rows.reduce((last, r, i) => (r.name || r.from || r.to ? i : last), -1);
  const kept = rows.slice(0, lastFilled + 1);
  const form: FormState = { region: text('region'), schoolYear: text('schoolYear'), source: text('source'), rows: kept };
  const holidays = kept.map((r) => ({ name: r.name ?? '', from: r.from ?? '', to: r.to ?? '' }));
  const input = { holidays, ...(form.source ? { source: form.source } : {}) };
  if (!form.region || !form.schoolYear) {
    const fields = [...(form.region ? [] : [{ path: 'region', message: 'Vul de vakantieregio in.' }]), ...(form.schoolYear ? [] : [{ path: 'schoolYear', message: 'Vul het schooljaar in, bijvoorbeeld 2027-2028.' }])];
    return page(ctx, form, { code: 'invalid-input', message: 'Niet alle velden zijn goed ingevuld.', fields });
  }
  const answer = await callApi(ctx.req, ctx.session, 'PUT', `/api/school-holidays/${encodeURIComponent(form.region)}/${encodeURIComponent(form.schoolYear)}`, input);
  if (answer.status === 200) return ctx.res.redirect(303, `/beheer/schoolvakanties?opgeslagen=${encodeURIComponent(`${form.schoolYear} van regio ${form.region}`)}`);
  await page(ctx, form, apiError(answer, { schema: SchoolHolidaysInput, input }));
}

export function schoolHolidayPages(pages: Pages): void {
  pages.get('/beheer/schoolvakanties', ['admin'], holidaysGet);
  pages.post('/beheer/schoolvakanties', ['admin'], holidaysPost);
}
