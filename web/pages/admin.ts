import { z } from 'zod';
import { RegionPolicySchema, type RegionPolicy } from '../../domain/policy';
import { apiError, callApi, type ApiError } from '../api-client';
import { formFields, formToJson, type FormValues } from '../forms';
import { html, type Html } from '../html';
import { fieldLabel, formatDateTime, valueLabel } from '../labels';
import { csrfField } from '../layout';
import { holidayLines, parseHolidayLines } from '../holiday-lines';
import { sendPage, type PageCtx, type Pages } from '../router';
import { gemeenteName } from './queue';
import { AssignmentRulesInput, PolicyInput } from '../../api/routes/configuration';
import { mergeRules, type RuleRow, type RulesMerge } from '../rules-merge';
import { mergeFields, type FieldValue, type Fields, type FieldsMerge } from '../form-merge';

/** A region's policy as the API gives it, with the version a save must be based on (If-Match). */
type Region = { regionId: string; gemeenten: string[]; policy: RegionPolicy; version: string };
type PoliciesAnswer = { default: RegionPolicy; items: Region[]; warnings?: unknown[] };

/** Fields the generated form leaves out: the region id (a hidden field), its own days off (a textarea of their own) and the stricter rules (kept as they are). */
const KEPT = ['regionId', 'holidays', 'stricterRules'];

/** A nested value as the flat field names of the forms (`routeFollowUpWeeks.halt`). */
function flatten(value: unknown, prefix = '', out: FormValues = {}): FormValues {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else out[prefix] = Array.isArray(value) ? value.map(String) : value === undefined ? undefined : String(value);
  return out;
}

/** What the form shows of a policy, by field name: the generated fields and the days off as lines. */
function formView(policy: RegionPolicy): Fields {
  const shown = Object.fromEntries(Object.entries(policy).filter(([k]) => !KEPT.includes(k)));
  return { ...(flatten(shown) as Fields), holidays: holidayLines(policy.holidays ?? []) };
}

/**
 * Every region with a policy, the default region (ZHZ) first, saved or not, then the others in the
 * API's order: the page opens on the default region. (It opened on the first region the API
 * listed, so an administrator who saved without looking edited whichever region sorted first.)
 */
async function loadRegions(ctx: PageCtx): Promise<Region[] | ApiError> {
  const answer = await callApi<PoliciesAnswer>(ctx.req, ctx.session, 'GET', '/api/policies');
  if (answer.status !== 200) return apiError(answer);
  const defaultId = answer.body.default.regionId;
  let first = answer.body.items.find((i) => i.regionId === defaultId);
  if (!first) {
    // Never saved: the API gives its defaults, with the version a first save is checked against.
    const one = await callApi<Region>(ctx.req, ctx.session, 'GET', `/api/policies/${encodeURIComponent(defaultId)}`);
    if (one.status !== 200) return apiError(one);
    first = one.body;
  }
  return [first, ...answer.body.items.filter((i) => i.regionId !== defaultId)];
}

/** The chosen region; the default region when none (or an unknown one) is named. */
const pick = (regions: Region[], regionId: unknown): Region => regions.find((r) => r.regionId === regionId) ?? regions[0]!;

function regionChoice(regions: Region[], current: Region): Html {
  if (regions.length < 2) return html``;
  return html`<nav aria-labelledby="regio-keuze" class="panel"><h2 class="utrecht-heading-2" id="regio-keuze">Kies een regio</h2><ul class="utrecht-unordered-list">${regions.map(
    (r) => html`<li><a class="utrecht-link" href="/beheer/beleid?regio=${encodeURIComponent(r.regionId)}"${r.regionId === current.regionId ? html` aria-current="page"` : ''}>${r.policy.name ?? r.regionId} (${r.regionId})</a>: ${r.gemeenten.map(gemeenteName).join(', ')}</li>`,
  )}</ul></nav>`;
}

function daysOffField(value: string, errors: { path: string; message: string }[]): Html {
  // Field messages of one line (`holidays.2.from`) name that line: the textarea is one field.
  const own = errors.filter((e) => e.path === 'holidays' || e.path.startsWith('holidays.'));
  const message = own.map((e) => (/^holidays\.(\d+)/.test(e.path) ? `Regel ${Number(/^holidays\.(\d+)/.exec(e.path)![1]) + 1}: ${e.message}` : e.message)).join(' ');
  return html`<div class="utrecht-form-field${message ? ' utrecht-form-field--invalid' : ''}">
<div class="utrecht-form-field__label"><label class="utrecht-form-label" for="beleid-holidays">${DAYS_OFF_LABEL} <span class="optional">(optioneel)</span></label></div>
<div class="utrecht-form-field-description" id="beleid-holidays-hint">Eén per regel: een datum (JJJJ-MM-DD) of een periode (<code>2027-05-14 t/m 2027-05-15</code>), met een omschrijving erachter. Ze tellen niet als werkdag. Feestdagen en schoolvakanties staan hier niet: die tellen vanzelf.</div>
${message ? html`<div class="utrecht-form-field-error-message" id="beleid-holidays-error">${message}</div>` : ''}
<div class="utrecht-form-field__input"><textarea class="utrecht-textarea utrecht-textarea--html-textarea" id="beleid-holidays" name="holidays" rows="6" aria-describedby="beleid-holidays-hint${message ? ' beleid-holidays-error' : ''}"${message ? html` aria-invalid="true"` : ''}>${value}</textarea></div></div>`;
}
const DAYS_OFF_LABEL = 'Eigen vrije dagen van de regio';

/**
 * What the policy form is based on, sent back with it: the version for If-Match (a save from an
 * out-of-date page is refused instead of overwriting what another administrator saved meanwhile)
 * and the values as shown, for merging the person's changes into the newer policy when that happens.
 */
type PolicyBasis = { version: string; loaded: Fields };
const basisOfRegion = (r: Region): PolicyBasis => ({ version: r.version, loaded: formView(r.policy) });
const policyBasisFields = (b: PolicyBasis): Html => html`<input type="hidden" name="_versie" value="${b.version}"><input type="hidden" name="_geladen" value="${JSON.stringify(b.loaded)}">`;
function policyBasisOf(body: FormValues): PolicyBasis {
  const version = typeof body._versie === 'string' && /^[0-9a-f]{16}$/.test(body._versie) ? body._versie : '';
  let loaded: Fields = {};
  try {
    const parsed: unknown = JSON.parse(String(body._geladen ?? '{}'));
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
      loaded = Object.fromEntries(Object.entries(parsed).filter((e): e is [string, string | string[]] => typeof e[1] === 'string' || (Array.isArray(e[1]) && e[1].every((v) => typeof v === 'string'))));
  } catch {
    // A damaged field: no basis, so every field the person has otherwise than stored is named as a clash.
  }
  return { version, loaded };
}

/** A field of the policy form and a value of it, as the conflict note names them. */
const policyFieldLabel = (field: string) => (field === 'holidays' ? DAYS_OFF_LABEL : field.split('.').map(fieldLabel).join(', '));
const policyValueText = (field: string, v: FieldValue) =>
  v === undefined || v === '' || (Array.isArray(v) && !v.length) ? '(leeg)' : Array.isArray(v) ? v.map(valueLabel).join(', ') : field === 'holidays' ? v.split('\n').join('; ') : v;

/** After a conflict: what the other administrator changed, where both changed a field, and exactly what the person sent. */
function policyConflictNote({ merge, unknownBasis }: PolicyConflict): Html {
  const list = (items: string[]) => html`<ul class="utrecht-unordered-list">${items.map((t) => html`<li class="utrecht-unordered-list__item">${t}</li>`)}</ul>`;
  const line = (field: string, v: FieldValue) => `${policyFieldLabel(field)}: ${policyValueText(field, v)}`;
  return html`<section class="panel" aria-labelledby="h-conflict"><h2 class="utrecht-heading-2" id="h-conflict">${unknownBasis ? 'Verschil met het opgeslagen beleid' : 'Intussen opgeslagen door een andere beheerder'}</h2>
${merge.theirs.length ? html`<p class="utrecht-paragraph">Overgenomen in het formulier (u had deze velden niet gewijzigd):</p>${list(merge.theirs.map((t) => `${line(t.field, t.stored)} (was ${policyValueText(t.field, t.base)})`))}` : ''}
${merge.clashes.length ? html`<p class="utrecht-paragraph">U en de ander wijzigden hetzelfde veld. In het formulier staat uw waarde; nu opgeslagen is:</p>${list(merge.clashes.map((c) => `${line(c.field, c.stored)} (in het formulier uw waarde: ${policyValueText(c.field, c.mine)})`))}` : ''}
${merge.theirs.length || merge.clashes.length ? '' : html`<p class="utrecht-paragraph">De ander wijzigde niets wat dit formulier toont (wel bijvoorbeeld de gemeenten of de strengere regels). Uw wijzigingen staan nog in het formulier.</p>`}
<details><summary>Uw wijzigingen zoals u ze verstuurde (${merge.mine.length})</summary>${list(merge.mine.map((m) => line(m.field, m.value)))}</details></section>`;
}

/** A save refused because the region changed since the page loaded it, or because the page did not say which version it loaded. */
type PolicyConflict = { merge: FieldsMerge; unknownBasis: boolean };

function policyPage(ctx: PageCtx, regions: Region[], region: Region, values: FormValues, basis: PolicyBasis, o: { error?: ApiError; saved?: boolean; conflict?: PolicyConflict } = {}): void {
  const { error, saved, conflict } = o;
  // The API names fields under `policy.`; the form's names are the policy's own.
  const errors = (error?.fields ?? []).map((f) => ({ path: f.path.replace(/^policy\./, ''), message: f.message }));
  const daysOff = typeof values.holidays === 'string' ? values.holidays : holidayLines(region.policy.holidays ?? []);
  sendPage(ctx, {
    title: 'Regiobeleid',
    status: conflict ? 409 : error ? 400 : 200,
    flash: saved
      ? { kind: 'ok', text: 'Het beleid is opgeslagen. Nieuwe zaken gebruiken het; lopende zaken houden hun termijnen.' }
      : conflict
        ? {
            kind: 'error',
            text: `Niet opgeslagen: ${conflict.unknownBasis ? 'deze pagina wist niet op welke versie van het beleid uw wijziging gebaseerd was' : 'een andere beheerder heeft het beleid van deze regio opgeslagen nadat u deze pagina opende'}. Het formulier toont nu het opgeslagen beleid met uw wijzigingen erin. Controleer het en sla opnieuw op.`,
          }
        : error
          ? { kind: 'error', text: `Niet opgeslagen: ${error.message ?? ''}` }
          : undefined,
    body: html`<h1 class="utrecht-heading-1">Regiobeleid <span class="muted">· ${region.regionId}</span></h1>
${regionChoice(regions, region)}
<p class="utrecht-paragraph">Termijnen, herinneringen en periodes van de regio (geen wet: de MAS laat ze aan de regio). Gemeenten: ${region.gemeenten.map(gemeenteName).join(', ')}. Termijnen in werkdagen tenzij weken genoemd. De schoolvakanties staan op <a class="utrecht-link" href="/beheer/schoolvakanties">Schoolvakanties</a>.</p>
${conflict ? policyConflictNote(conflict) : ''}
<form method="post" action="/beheer/beleid" class="panel" novalidate>${csrfField(ctx.session.csrfToken)}<input type="hidden" name="regionId" value="${region.regionId}">${policyBasisFields(basis)}
${formFields(RegionPolicySchema, { formId: 'beleid', values, errors, omit: KEPT })}
${daysOffField(daysOff, errors)}
<div class="button-row"><button class="utrecht-button utrecht-button--primary-action" type="submit">Beleid opslaan</button></div></form>`,
  });
}

/** A settings page whose stored settings could not be loaded: the reason, and no form (saving an empty one would replace them). */
const notLoaded = (ctx: PageCtx, title: string, error: ApiError) =>
  sendPage(ctx, { status: 502, title, body: html`<h1 class="utrecht-heading-1">${title}</h1><p class="utrecht-paragraph">Niet geladen: ${error.message ?? ''}</p>` });
const regionsUnavailable = (ctx: PageCtx, error: ApiError) => notLoaded(ctx, 'Regiobeleid', error);

async function policyGet(ctx: PageCtx): Promise<void> {
  const regions = await loadRegions(ctx);
  if (!Array.isArray(regions)) return regionsUnavailable(ctx, regions);
  const region = pick(regions, ctx.req.query.regio);
  policyPage(ctx, regions, region, formView(region.policy), basisOfRegion(region), { saved: ctx.req.query.opgeslagen === '1' });
}

async function policyPost(ctx: PageCtx): Promise<void> {
  const regions = await loadRegions(ctx);
  if (!Array.isArray(regions)) return regionsUnavailable(ctx, regions);
  const body = ctx.req.body as FormValues;
  const basis = policyBasisOf(body);
  const region = regions.find((r) => r.regionId === body.regionId);
  if (!region) {
    // Never another region than the form's: that was how one administrator's save overwrote another region.
    const first = regions[0]!;
    return policyPage(ctx, regions, first, formView(first.policy), basisOfRegion(first), { error: { message: `regio ${String(body.regionId ?? '')} bestaat niet (meer).` } });
  }
  const edited = Object.fromEntries(Object.entries(formToJson(RegionPolicySchema, body)).filter(([k, v]) => v !== undefined && !KEPT.includes(k)));
  const holidays = parseHolidayLines(typeof body.holidays === 'string' ? body.holidays : '');
  const policy = { ...region.policy, ...edited, holidays, regionId: region.regionId };
  const input = { policy, gemeenten: region.gemeenten };
  // The version the page showed: the API refuses the save when the region changed since. A form
  // without one (an old or damaged page) is not saved blindly: it is treated as a conflict.
  const answer = basis.version
    ? await callApi(ctx.req, ctx.session, 'PUT', `/api/policies/${encodeURIComponent(region.regionId)}`, input, 'application/json', { 'If-Match': `"${basis.version}"` })
    : undefined;
  if (answer?.status === 200) return ctx.res.redirect(303, `/beheer/beleid?regio=${encodeURIComponent(region.regionId)}&opgeslagen=1`);
  if (!answer || (answer.status === 409 && (answer.body as { error?: ApiError })?.error?.code === 'conflict')) {
    const now = await callApi<Region>(ctx.req, ctx.session, 'GET', `/api/policies/${encodeURIComponent(region.regionId)}`);
    if (now.status === 200) {
      const merge = mergeFields(basis.loaded, formView(policy as RegionPolicy), formView(now.body.policy));
      // The next save is based on the policy as stored now; the form holds it with the person's changes.
      const fresh = regions.map((r) => (r.regionId === now.body.regionId ? now.body : r));
      return policyPage(ctx, fresh, now.body, merge.values, basisOfRegion(now.body), { conflict: { merge, unknownBasis: !answer } });
    }
    if (!answer) return policyPage(ctx, regions, region, formView(region.policy), basisOfRegion(region), { error: apiError(now) });
  }
  const { _csrf: _c, _versie: _v, _geladen: _g, ...values } = body;
  policyPage(ctx, regions, region, values, basis, { error: apiError(answer!, { schema: PolicyInput, input }) });
}

type StoredRule = { gemeente: string | null; schoolBrin: string | null; consultantId: string; teamLeadId: string | null };
type RulesAnswer = { items: StoredRule[]; version: string };
const RULE_FIELDS = ['gemeente', 'schoolBrin', 'consultantId', 'teamLeadId'] as const;
const EXTRA_ROWS = 3;

const toRow = (r: StoredRule): RuleRow => ({ gemeente: r.gemeente ?? '', schoolBrin: r.schoolBrin ?? '', consultantId: r.consultantId, teamLeadId: r.teamLeadId ?? '' });
/** The rules as the API takes them: empty cells left out. */
const toInput = (rows: RuleRow[]) => rows.map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v)));
const describeRule = (r: RuleRow) => `${r.gemeente ? gemeenteName(r.gemeente) : `school ${r.schoolBrin}`}: ${r.consultantId || '(geen leerplichtambtenaar)'}${r.teamLeadId ? `, teamleider ${r.teamLeadId}` : ''}`;

/**
 * What the form is based on, sent back with it: the version for If-Match (a save from an
 * out-of-date page is refused instead of deleting what others saved meanwhile) and the rules as
 * shown, for merging the person's changes into the newer rules when that happens.
 */
type Basis = { version: string; rules: RuleRow[] };
const basisFields = (b: Basis): Html =>
  html`<input type="hidden" name="_versie" value="${b.version}"><input type="hidden" name="_geladen" value="${JSON.stringify(b.rules.map((r) => RULE_FIELDS.map((f) => r[f])))}">`;
function basisOf(body: Record<string, string>): Basis {
  let rules: RuleRow[] = [];
  try {
    const rows: unknown = JSON.parse(String(body._geladen ?? '[]'));
    if (Array.isArray(rows)) rules = rows.filter((r): r is string[] => Array.isArray(r) && r.length === 4 && r.every((v) => typeof v === 'string')).map(([gemeente, schoolBrin, consultantId, teamLeadId]) => ({ gemeente: gemeente!, schoolBrin: schoolBrin!, consultantId: consultantId!, teamLeadId: teamLeadId! }));
  } catch {
    // A damaged field: no basis, so the merge keeps every stored rule (nothing is lost).
  }
  return { version: String(body._versie ?? ''), rules };
}

/** After a conflict: what others changed, where both changed one rule, and exactly what the person sent. */
function conflictNote({ merge, submitted, unknownBasis }: RulesConflict): Html {
  const list = (items: string[]) => html`<ul class="utrecht-unordered-list">${items.map((t) => html`<li class="utrecht-unordered-list__item">${t}</li>`)}</ul>`;
  return html`<section class="panel" aria-labelledby="h-conflict"><h2 class="utrecht-heading-2" id="h-conflict">${unknownBasis ? 'Verschil met de opgeslagen regels' : 'Intussen gewijzigd door iemand anders'}</h2>
${merge.theirs.length ? html`<p class="utrecht-paragraph">Overgenomen in het formulier (u had deze regels niet gewijzigd):</p>${list(merge.theirs.map((t) => `${describeRule(t.rule)}${t.removed ? ' (verwijderd)' : ''}`))}` : ''}
${merge.clashes.length ? html`<p class="utrecht-paragraph">U en een ander wijzigden dezelfde regel. In het formulier staat uw versie; nu opgeslagen is:</p>${list(merge.clashes.map((c) => (c.stored ? `${describeRule(c.stored)}${c.mine ? '' : ' (u had deze regel verwijderd; hij staat weer in het formulier)'}` : `${describeRule(c.mine!)} is door een ander verwijderd; uw versie staat in het formulier`)))}` : ''}
<details><summary>Uw regels zoals u ze verstuurde (${submitted.length})</summary>${list(submitted.map(describeRule))}</details></section>`;
}

/** A save refused because the rules changed since the page loaded them, or because the page did not say which version it loaded. */
type RulesConflict = { merge: RulesMerge; submitted: RuleRow[]; unknownBasis: boolean };

function rulesPage(ctx: PageCtx, rows: RuleRow[], basis: Basis, o: { error?: ApiError; saved?: boolean; conflict?: RulesConflict } = {}): void {
  const { error, saved, conflict } = o;
  const all: Partial<RuleRow>[] = [...rows, ...Array.from({ length: EXTRA_ROWS }, () => ({}))];
  const errorAt = (i: number, f: string) => error?.fields?.find((e) => e.path === `${i}.${f}`)?.message;
  const cell = (i: number, f: keyof RuleRow, label: string, value?: string): Html => {
    const id = `regel-${i}-${f}`;
    const err = errorAt(i, f);
    return html`<td class="utrecht-table__cell"><label class="visually-hidden" for="${id}">${label}, regel ${i + 1}</label><input class="utrecht-textbox utrecht-textbox--html-input" id="${id}" name="rules.${i}.${f}" value="${value ?? ''}"${err ? html` aria-invalid="true" aria-describedby="${id}-e"` : ''}>${err ? html`<span class="utrecht-form-field-error-message" id="${id}-e">${err}</span>` : ''}</td>`;
  };
  sendPage(ctx, {
    title: 'Toewijzingsregels',
    wide: true,
    status: conflict ? 409 : error ? 400 : 200,
    flash: saved
      ? { kind: 'ok', text: 'De toewijzingsregels zijn opgeslagen.' }
      : conflict
        ? {
            kind: 'error',
            text: `Niet opgeslagen: ${conflict.unknownBasis ? 'deze pagina wist niet op welke versie van de toewijzingsregels uw wijziging gebaseerd was' : 'iemand anders heeft de toewijzingsregels gewijzigd nadat u deze pagina opende'}. Het formulier toont nu de opgeslagen regels met uw wijzigingen erin. Controleer ze en sla opnieuw op.`,
          }
        : error
          ? { kind: 'error', text: `Niet opgeslagen: ${error.message ?? ''}` }
          : undefined,
    body: html`<h1 class="utrecht-heading-1">Toewijzingsregels</h1>
<p class="utrecht-paragraph">Welke leerplichtambtenaar (en teamleider) een nieuwe zaak krijgt, per school (BRIN) of per gemeente; een schoolregel gaat voor. Vul per regel óf een gemeente óf een BRIN in. Een lege regel wordt overgeslagen.</p>
${conflict ? conflictNote(conflict) : ''}
<form method="post" action="/beheer/toewijzing" class="panel" novalidate>${csrfField(ctx.session.csrfToken)}${basisFields(basis)}
<div class="table-wrap" tabindex="0" role="region" aria-label="Tabel, horizontaal scrollbaar"><table class="utrecht-table utrecht-table--html-table"><caption class="utrecht-table__caption">Regels</caption>
<thead class="utrecht-table__header"><tr class="utrecht-table__row"><th class="utrecht-table__header-cell" scope="col">Gemeente (GMxxxx)</th><th class="utrecht-table__header-cell" scope="col">School (BRIN)</th><th class="utrecht-table__header-cell" scope="col">Leerplichtambtenaar</th><th class="utrecht-table__header-cell" scope="col">Teamleider</th></tr></thead>
<tbody class="utrecht-table__body">${all.map((r, i) => html`<tr class="utrecht-table__row">${cell(i, 'gemeente', 'Gemeente', r.gemeente)}${cell(i, 'schoolBrin', 'School', r.schoolBrin)}${cell(i, 'consultantId', 'Leerplichtambtenaar', r.consultantId)}${cell(i, 'teamLeadId', 'Teamleider', r.teamLeadId)}</tr>`)}</tbody></table></div>
<div class="button-row"><button class="utrecht-button utrecht-button--primary-action" type="submit">Regels opslaan</button></div></form>`,
  });
}

async function rulesGet(ctx: PageCtx): Promise<void> {
  const answer = await callApi<RulesAnswer>(ctx.req, ctx.session, 'GET', '/api/assignment-rules');
  if (answer.status !== 200) return notLoaded(ctx, 'Toewijzingsregels', apiError(answer));
  const rows = answer.body.items.map(toRow);
  rulesPage(ctx, rows, { version: answer.body.version, rules: rows }, { saved: ctx.req.query.opgeslagen === '1' });
}

async function rulesPost(ctx: PageCtx): Promise<void> {
  const body = ctx.req.body as Record<string, string>;
  const rows: RuleRow[] = [];
  for (let i = 0; i < 2000; i++) {
    const row = Object.fromEntries(RULE_FIELDS.map((f) => [f, String(body[`rules.${i}.${f}`] ?? '').trim()])) as RuleRow;
    if (body[`rules.${i}.consultantId`] === undefined) break;
    if (Object.values(row).some(Boolean)) rows.push(row);
  }
  const basis = basisOf(body);
  const rules = toInput(rows);
  // The version the page showed: the API refuses the save when the rules changed since. A form
  // without one (an old or damaged page) is not saved blindly, which would replace every rule with
  // the form's: it is treated as a conflict.
  const answer = basis.version ? await callApi(ctx.req, ctx.session, 'PUT', '/api/assignment-rules', rules, 'application/json', { 'If-Match': `"${basis.version}"` }) : undefined;
  if (answer?.status === 200) return ctx.res.redirect(303, '/beheer/toewijzing?opgeslagen=1');
  if (!answer || answer.status === 409) {
    const now = await callApi<RulesAnswer>(ctx.req, ctx.session, 'GET', '/api/assignment-rules');
    if (now.status === 200) {
      const stored = now.body.items.map(toRow);
      const merge = mergeRules(basis.rules, rows, stored);
      // The next save is based on the rules as stored now; the form holds them with the person's changes.
      return rulesPage(ctx, merge.rows, { version: now.body.version, rules: stored }, { conflict: { merge, submitted: rows, unknownBasis: !answer } });
    }
    if (!answer) return rulesPage(ctx, rows, basis, { error: apiError(now) });
  }
  rulesPage(ctx, rows, basis, { error: apiError(answer!, { schema: AssignmentRulesInput, input: rules }) });
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
