import type { z } from 'zod';
import { MeldingSchema } from '../../domain/melding';
import { EarlySignalReport } from '../../domain/signal/report';
import { apiError, callApi, type ApiError } from '../api-client';
import { flatValues, formFields, formToJson, type FormValues } from '../forms';
import { html } from '../html';
import { csrfField } from '../layout';
import { sendPage, type PageCtx, type Pages } from '../router';

/**
 * Reporting by form: a verzuimmelding (school, consultant, team lead) and an early signal (school,
 * partner, consultant, team lead). The fields come from the same schemas the API validates with.
 */
type ReportForm = { path: string; api: string; schema: z.ZodType; title: string; intro: string; done: (body: any) => string; prefill: (ctx: PageCtx) => FormValues };

const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(new Date());

const FORMS: ReportForm[] = [
  {
    path: '/meldingen/nieuw',
    api: '/api/meldingen',
    schema: MeldingSchema,
    title: 'Verzuim melden',
    intro: 'Meld ongeoorloofd verzuim van een leerling bij de leerplichtambtenaar van de woongemeente. Velden met (optioneel) mag u leeg laten.',
    done: (b) => `/meldingen/nieuw?gemeld=${encodeURIComponent(b?.meldingId ?? '')}&zaak=${encodeURIComponent(b?.caseId ?? '')}`,
    prefill: (ctx) => ({ reportDate: today(), ...(ctx.session.user.schoolBrin && { 'school.brin': ctx.session.user.schoolBrin }) }),
  },
  {
    path: '/signalen/nieuw',
    api: '/api/signals',
    schema: EarlySignalReport,
    title: 'Vroegsignaal melden',
    intro: 'Meld een zorg over een leerling vóór of onder de grens van een verzuimmelding (minder dan 16 uur, te laat komen onder de drempel, zorgwekkend ziekteverzuim).',
    done: (b) => `/signalen/nieuw?gemeld=${encodeURIComponent(b?.signalId ?? '')}`,
    prefill: (ctx) => ({ reportDate: today(), ...(ctx.session.user.schoolBrin && { 'school.brin': ctx.session.user.schoolBrin }) }),
  },
];

function render(ctx: PageCtx, f: ReportForm, values: FormValues, error?: ApiError): void {
  const formId = f.path.replace(/\//g, '-').slice(1);
  const reported = typeof ctx.req.query.gemeld === 'string' && ctx.req.query.gemeld;
  sendPage(ctx, {
    title: f.title,
    status: error ? 400 : 200,
    flash: reported ? { kind: 'ok', text: `Ontvangen: ${reported}. De leerplichtambtenaar neemt het op.` } : error ? { kind: 'error', text: `Niet verstuurd: ${error.message ?? ''} Controleer de gemarkeerde velden.` } : undefined,
    body: html`<h1 class="utrecht-heading-1">${f.title}</h1><p class="utrecht-paragraph">${f.intro}</p>
${error?.violations?.length ? html`<div class="utrecht-alert utrecht-alert--error" role="alert"><ul class="utrecht-unordered-list">${error.violations.map((v) => html`<li>${v.message}</li>`)}</ul></div>` : ''}
<form method="post" action="${f.path}" class="panel" novalidate>${csrfField(ctx.session.csrfToken)}
${formFields(f.schema, { formId, values, errors: error?.fields ?? [] })}
<div class="button-row"><button class="utrecht-button utrecht-button--primary-action" type="submit">Versturen</button></div></form>`,
  });
}

export function reportFormPages(pages: Pages): void {
  const roles = { '/meldingen/nieuw': ['school', 'consultant', 'teamlead'], '/signalen/nieuw': ['school', 'partner', 'consultant', 'teamlead'] } as Record<string, string[]>;
  for (const f of FORMS) {
    pages.get(f.path, roles[f.path]!, async (ctx) => render(ctx, f, f.prefill(ctx)));
    pages.post(f.path, roles[f.path]!, async (ctx) => {
      const body = ctx.req.body as FormValues;
      const input = formToJson(f.schema, body);
      const answer = await callApi(ctx.req, ctx.session, 'POST', f.api, input);
      if (answer.status === 200 || answer.status === 201) return ctx.res.redirect(303, f.done(answer.body));
      render(ctx, f, flatValues(body), apiError(answer, { schema: f.schema, input }));
    });
  }
}
