import { z } from 'zod';
import { RegionPolicySchema, ZHZ_GEMEENTEN, type RegionPolicy } from '../../domain/policy';
import { apiError, callApi, type ApiError } from '../api-client';
import { formFields, formToJson, type FormValues } from '../forms';
import { html, type Html } from '../html';
import { formatDateTime } from '../labels';
import { csrfField } from '../layout';
import { sendPage, type PageCtx, type Pages } from '../router';
import { gemeenteName } from './queue';
import { AssignmentRulesInput, PolicyInput } from '../../api/routes/configuration';

type PoliciesAnswer = { default: RegionPolicy; items: { regionId: string; gemeenten: string[]; policy: RegionPolicy }[]; warnings?: unknown[] };

/** The fields the policy form edits; the region's own days off and stricter rules stay as they are. */
const KEPT = ['regionId', 'holidays', 'stricterRules'];

/** A nested value as the flat field names of the forms (`routeFollowUpWeeks.halt`). */
function flatten(value: unknown, prefix = '', out: FormValues = {}): FormValues {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else out[prefix] = Array.isArray(value) ? value.map(String) : value === undefined ? undefined : String(value);
  return out;
}

async function loadPolicy(ctx: PageCtx): Promise<{ regionId: string; gemeenten: string[]; policy: RegionPolicy } | ApiError> {
  const answer = await callApi<PoliciesAnswer>(ctx.req, ctx.session, 'GET', '/api/policies');
  if (answer.status !== 200) return apiError(answer);
  const first = answer.body.items[0];
  return first ?? { regionId: answer.body.default.regionId, gemeenten: ZHZ_GEMEENTEN.map((g) => g.code), policy: answer.body.default };
}

function policyPage(ctx: PageCtx, region: { regionId: string; gemeenten: string[]; policy: RegionPolicy }, values: FormValues, error?: ApiError, saved = false): void {
  // The API names fields under `policy.`; the form's names are the policy's own.
  const errors = (error?.fields ?? []).map((f) => ({ path: f.path.replace(/^policy\./, ''), message: f.message }));
  sendPage(ctx, {
    title: 'Regiobeleid',
    status: error ? 400 : 200,
    flash: saved ? { kind: 'ok', text: 'Het beleid is opgeslagen. Nieuwe zaken gebruiken het; lopende zaken houden hun termijnen.' } : error ? { kind: 'error', text: `Niet opgeslagen: ${error.message ?? ''}` } : undefined,
    body: html`<h1 class="utrecht-heading-1">Regiobeleid <span class="muted">· ${region.regionId}</span></h1>
<p class="utrecht-paragraph">Termijnen, herinneringen en periodes van de regio (geen wet: de MAS laat ze aan de regio). Gemeenten: ${region.gemeenten.map(gemeenteName).join(', ')}. Termijnen in werkdagen tenzij weken genoemd.</p>
<form method="post" action="/beheer/beleid" class="panel" novalidate>${csrfField(ctx.session.csrfToken)}
${formFields(RegionPolicySchema, { formId: 'beleid', values, errors, omit: KEPT })}
<div class="button-row"><button class="utrecht-button utrecht-button--primary-action" type="submit">Beleid opslaan</button></div></form>`,
  });
}

async function policyGet(ctx: PageCtx): Promise<void> {
  const region = await loadPolicy(ctx);
  if ('message' in region && !('policy' in region)) {
    sendPage(ctx, { status: 502, title: 'Regiobeleid', body: html`<h1 class="utrecht-heading-1">Regiobeleid</h1><p class="utrecht-paragraph">${region.message ?? ''}</p>` });
    return;
  }
  const r = region as { regionId: string; gemeenten: string[]; policy: RegionPolicy };
  policyPage(ctx, r, flatten(r.policy), undefined, ctx.req.query.opgeslagen === '1');
}

async function policyPost(ctx: PageCtx): Promise<void> {
  const region = (await loadPolicy(ctx)) as { regionId: string; gemeenten: string[]; policy: RegionPolicy };
  const body = ctx.req.body as FormValues;
  const edited = Object.fromEntries(Object.entries(formToJson(RegionPolicySchema, body)).filter(([k, v]) => v !== undefined && !KEPT.includes(k)));
  const policy = { ...region.policy, ...edited, regionId: region.regionId };
  const input = { policy, gemeenten: region.gemeenten };
  const answer = await callApi(ctx.req, ctx.session, 'PUT', `/api/policies/${encodeURIComponent(region.regionId)}`, input);
  if (answer.status === 200) return ctx.res.redirect(303, '/beheer/beleid?opgeslagen=1');
  const { _csrf: _c, ...values } = body;
  policyPage(ctx, region, values, apiError(answer, { schema: PolicyInput, input }));
}

type Rule = { gemeente?: string; schoolBrin?: string; consultantId: string; teamLeadId?: string };
const EXTRA_ROWS = 3;

function rulesPage(ctx: PageCtx, rows: Partial<Record<keyof Rule, string>>[], error?: ApiError, saved = false): void {
  const all: Partial<Record<keyof Rule, string>>[] = [...rows, ...Array.from({ length: EXTRA_ROWS }, () => ({}))];
  const errorAt = (i: number, f: string) => error?.fields?.find((e) => e.path === `${i}.${f}`)?.message;
  const cell = (i: number, f: keyof Rule, label: string, value?: string): Html => {
    const id = `regel-${i}-${f}`;
    const err = errorAt(i, f);
    return html`<td class="utrecht-table__cell"><label class="visually-hidden" for="${id}">${label}, regel ${i + 1}</label><input class="utrecht-textbox utrecht-textbox--html-input" id="${id}" name="rules.${i}.${f}" value="${value ?? ''}"${err ? html` aria-invalid="true" aria-describedby="${id}-e"` : ''}>${err ? html`<span class="utrecht-form-field-error-message" id="${id}-e">${err}</span>` : ''}</td>`;
  };
  sendPage(ctx, {
    title: 'Toewijzingsregels',
    wide: true,
    status: error ? 400 : 200,
    flash: saved ? { kind: 'ok', text: 'De toewijzingsregels zijn opgeslagen.' } : error ? { kind: 'error', text: `Niet opgeslagen: ${error.message ?? ''}` } : undefined,
    body: html`<h1 class="utrecht-heading-1">Toewijzingsregels</h1>
<p class="utrecht-paragraph">Welke leerplichtambtenaar (en teamleider) een nieuwe zaak krijgt, per school (BRIN) of per gemeente; een schoolregel gaat voor. Vul per regel óf een gemeente óf een BRIN in. Een lege regel wordt overgeslagen.</p>
<form method="post" action="/beheer/toewijzing" class="panel" novalidate>${csrfField(ctx.session.csrfToken)}
<div class="table-wrap" tabindex="0" role="region" aria-label="Tabel, horizontaal scrollbaar"><table class="utrecht-table utrecht-table--html-table"><caption class="utrecht-table__caption">Regels</caption>
<thead class="utrecht-table__header"><tr class="utrecht-table__row"><th class="utrecht-table__header-cell" scope="col">Gemeente (GMxxxx)</th><th class="utrecht-table__header-cell" scope="col">School (BRIN)</th><th class="utrecht-table__header-cell" scope="col">Leerplichtambtenaar</th><th class="utrecht-table__header-cell" scope="col">Teamleider</th></tr></thead>
<tbody class="utrecht-table__body">${all.map((r, i) => html`<tr class="utrecht-table__row">${cell(i, 'gemeente', 'Gemeente', r.gemeente)}${cell(i, 'schoolBrin', 'School', r.schoolBrin)}${cell(i, 'consultantId', 'Leerplichtambtenaar', r.consultantId)}${cell(i, 'teamLeadId', 'Teamleider', r.teamLeadId)}</tr>`)}</tbody></table></div>
<div class="button-row"><button class="utrecht-button utrecht-button--primary-action" type="submit">Regels opslaan</button></div></form>`,
  });
}

async function rulesGet(ctx: PageCtx): Promise<void> {
  const answer = await callApi<{ items: Rule[] }>(ctx.req, ctx.session, 'GET', '/api/assignment-rules');
  const rows = answer.status === 200 ? answer.body.items.map((r) => ({ gemeente: r.gemeente ?? '', schoolBrin: r.schoolBrin ?? '', consultantId: r.consultantId, teamLeadId: r.teamLeadId ?? '' })) : [];
  rulesPage(ctx, rows, answer.status === 200 ? undefined : apiError(answer), ctx.req.query.opgeslagen === '1');
}

async function rulesPost(ctx: PageCtx): Promise<void> {
  const body = ctx.req.body as Record<string, string>;
  const rows: Partial<Record<keyof Rule, string>>[] = [];
  for (let i = 0; i < 2000; i++) {
    const row = Object.fromEntries((['gemeente', 'schoolBrin', 'consultantId', 'teamLeadId'] as const).map((f) => [f, String(body[`rules.${i}.${f}`] ?? '').trim()]));
    if (body[`rules.${i}.consultantId`] === undefined) break;
    if (Object.values(row).some(Boolean)) rows.push(row);
  }
  const rules = rows.map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v)));
  const answer = await callApi(ctx.req, ctx.session, 'PUT', '/api/assignment-rules', rules);
  if (answer.status === 200) return ctx.res.redirect(303, '/beheer/toewijzing?opgeslagen=1');
  rulesPage(ctx, rows, apiError(answer, { schema: AssignmentRulesInput, input: rules }));
}

const LogQuery = z.object({ caseId: z.string().max(80).optional(), youthId: z.string().max(80).optional(), actorId: z.string().max(100).optional(), from: z.string().max(10).optional(), to: z.string().max(10).optional() });
type LogItem = { id: string; at: string; actorId: string; actorRole: string; activity: string; caseId: string | null; youthId: string | null; result: string; traceId?: string | null };

async function accessLog(ctx: PageCtx): Promise<void> {
  const q = LogQuery.parse(Object.fromEntries(Object.entries(ctx.req.query).filter(([, v]) => typeof v === 'string' && v)));
  const params = new URLSearchParams({ ...q, pageSize: '100' } as Record<string, string>);
  const answer = await callApi<{ total: number; items: LogItem[] }>(ctx.req, ctx.session, 'GET', `/api/access-log?${params}`);
  const field = (id: keyof typeof q, label: string, type = 'text') =>
    html`<div class="utrecht-form-field"><div class="utrecht-form-field__label"><label class="utrecht-form-label" for="l-${id}">${label}</label></div><input class="utrecht-textbox utrecht-textbox--html-input" type="${type}" id="l-${id}" name="${id}" value="${q[id] ?? ''}"></div>`;
  const error = answer.status === 200 ? undefined : apiError(answer);
  sendPage(ctx, {
    title: 'Logboek dataverwerkingen',
    wide: true,
    flash: error && { kind: 'error', text: `Niet geladen: ${error.message ?? ''}${error.fields?.length ? ` (${error.fields.map((f) => `${f.path}: ${f.message}`).join('; ')})` : ''}` },
    body: html`<h1 class="utrecht-heading-1">Logboek dataverwerkingen</h1>
<p class="utrecht-paragraph">Elke inzage en wijziging van persoonsgegevens, toegestaan of geweigerd.</p>
<form method="get" action="/logboek" class="filters" aria-label="Filters">${field('caseId', 'Zaak of signaal')}${field('youthId', 'Jongere (id)')}${field('actorId', 'Gebruiker')}${field('from', 'Van', 'date')}${field('to', 'Tot en met', 'date')}
<button class="utrecht-button utrecht-button--primary-action" type="submit">Filteren</button></form>
${answer.status === 200
  ? html`<div class="table-wrap" tabindex="0" role="region" aria-label="Tabel, horizontaal scrollbaar"><table class="utrecht-table utrecht-table--html-table"><caption class="utrecht-table__caption">${answer.body.total} regels${answer.body.total > 100 ? ', de nieuwste 100' : ''}</caption>
<thead class="utrecht-table__header"><tr class="utrecht-table__row"><th class="utrecht-table__header-cell" scope="col">Wanneer</th><th class="utrecht-table__header-cell" scope="col">Gebruiker</th><th class="utrecht-table__header-cell" scope="col">Verwerking</th><th class="utrecht-table__header-cell" scope="col">Zaak</th><th class="utrecht-table__header-cell" scope="col">Jongere</th><th class="utrecht-table__header-cell" scope="col">Resultaat</th></tr></thead>
<tbody class="utrecht-table__body">${answer.body.items.map(
      (i) => html`<tr class="utrecht-table__row"><td class="utrecht-table__cell">${formatDateTime(i.at)}</td><td class="utrecht-table__cell">${i.actorId} (${i.actorRole})</td><td class="utrecht-table__cell">${i.activity}</td><td class="utrecht-table__cell">${i.caseId ?? '–'}</td><td class="utrecht-table__cell">${i.youthId ?? '–'}</td><td class="utrecht-table__cell">${i.result}</td></tr>`,
    )}</tbody></table></div>`
  : ''}`,
  });
}

export function adminPages(pages: Pages): void {
  pages.get('/beheer/beleid', ['admin'], policyGet);
  pages.post('/beheer/beleid', ['admin'], policyPost);
  pages.get('/beheer/toewijzing', ['admin'], rulesGet);
  pages.post('/beheer/toewijzing', ['admin'], rulesPost);
  pages.get('/logboek', ['privacy'], accessLog);
}
