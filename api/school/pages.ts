import { html, type SafeHtml } from '../../platform/html';
import { formatDate, formatDeadline } from '../../platform/nl-format';
import type { RequestView, SchoolMeldingStatus } from '../services/school-links';
import type { AnswerFieldError, FormValues } from './answer-form';

/**
 * The pages behind the school links: small, accessible (lang="nl", labels, fieldsets, an error
 * summary that names and links each field) and without scripts. Every value is escaped by `html`.
 */

const STYLE = `.school-page{max-width:52rem;line-height:1.5}
fieldset{border:1px solid #8a8a8a;margin:0 0 1.25rem;padding:.75rem 1rem}legend{font-weight:bold;padding:0 .25rem}
label{display:block;font-weight:bold;margin-top:.75rem}input,textarea{font:inherit;padding:.4rem;border:1px solid #555;max-width:100%}
textarea{width:100%;min-height:6rem}.hint{color:#444;margin:.25rem 0}.error{color:#b00020;font-weight:bold;margin:.25rem 0}
[aria-invalid=true]{border:2px solid #b00020}.summary{border:3px solid #b00020;padding:.5rem 1rem;margin-bottom:1.25rem}
main button{font:inherit;font-weight:bold;padding:.6rem 1.2rem;background:#154273;color:#fff;border:0;border-radius:4px;cursor:pointer}
button:focus,input:focus,textarea:focus,a:focus{outline:3px solid #f9dc4a;outline-offset:2px}
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #ccc;padding:.4rem;text-align:left;vertical-align:top}`;

export function layout(title: string, main: SafeHtml): string {
  // The same design as the web pages (NL Design System, web/layout.ts), without an account.
  return html`<!DOCTYPE html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${title} - Leerplicht</title>
<link rel="stylesheet" href="/assets/tokens.css"><link rel="stylesheet" href="/assets/utrecht.css"><link rel="stylesheet" href="/assets/app.css">
<style>${STYLE}</style>
</head>
<body class="utrecht-theme utrecht-document utrecht-document--surface">
<header class="site-header"><div class="site-header__bar"><span class="site-logo"><span class="site-logo__mark" aria-hidden="true">LP</span><span class="site-logo__text"><strong>Leerplicht</strong> Zuid-Holland Zuid<span class="site-logo__sub">Verzuimregie · voor scholen</span></span></span></div></header>
<main class="site-main school-page">
<div class="panel">
${main}
</div>
</main>
<footer class="site-footer"><p>Leerplicht en Voortijdig Schoolverlaten Zuid-Holland Zuid</p></footer>
</body>
</html>
`.value;
}

const pupilLine = (v: RequestView) => (v.pupil.className ? `${v.pupil.name}, klas ${v.pupil.className}` : v.pupil.name);

function intro(v: RequestView): SafeHtml {
  return html`<p>Dit verzoek gaat over <strong>${pupilLine(v)}</strong>${v.meldingId ? html` (melding ${v.meldingId})` : ''}${v.school.name ? html` van ${v.school.name}` : ''}.</p>`;
}

type FieldProps = { id: string; label: string; hint?: string; errors: Map<string, string> };

function described(p: FieldProps) {
  const ids = [p.hint ? `${p.id}-uitleg` : '', p.errors.has(p.id) ? `${p.id}-fout` : ''].filter(Boolean).join(' ');
  return {
    attrs: html`${ids ? html` aria-describedby="${ids}"` : ''}${p.errors.has(p.id) ? html` aria-invalid="true"` : ''}`,
    notes: html`${p.hint ? html`<p class="hint" id="${p.id}-uitleg">${p.hint}</p>` : ''}${p.errors.has(p.id) ? html`<p class="error" id="${p.id}-fout">${p.errors.get(p.id)}</p>` : ''}`,
  };
}

function textInput(p: FieldProps & { value: string; inputmode?: string; required?: boolean; autocomplete?: string; size?: number }): SafeHtml {
  const d = described(p);
  return html`<label for="${p.id}">${p.label}</label>${d.notes}
<input type="text" id="${p.id}" name="${p.id}" value="${p.value}"${p.size ? html` size="${p.size}"` : ''}${p.inputmode ? html` inputmode="${p.inputmode}"` : ''}${p.required ? html` required aria-required="true"` : ''}${p.autocomplete ? html` autocomplete="${p.autocomplete}"` : ''}${d.attrs}>`;
}

function textArea(p: FieldProps & { value: string }): SafeHtml {
  const d = described(p);
  return html`<label for="${p.id}">${p.label}</label>${d.notes}
<textarea id="${p.id}" name="${p.id}" maxlength="4000"${d.attrs}>${p.value}</textarea>`;
}

/** The form; after a refused submission with the values as given and a message at each field. */
export function answerFormPage(v: RequestView, values: FormValues = {}, fieldErrors: AnswerFieldError[] = []): string {
  const errors = new Map<string, string>();
  for (const e of fieldErrors) if (!errors.has(e.field)) errors.set(e.field, e.message);
  const summary = fieldErrors.length
    ? html`<div class="summary" role="alert" aria-labelledby="fouten-titel" tabindex="-1">
<h2 id="fouten-titel">Controleer uw antwoord</h2>
<ul>${[...errors].map(([field, message]) => html`<li>${field ? html`<a href="#${field}">${message}</a>` : message}</li>`)}</ul>
</div>`
    : '';
  const weeks = v.weekStarts.map((start, i) => {
    const id = `week-${i}-hours`;
    return html`<input type="hidden" name="week-${i}-start" value="${values[`week-${i}-start`] ?? start}">
${textInput({ id, label: `Week van ${formatDate(start)}: uren verzuim`, value: values[id] ?? '', inputmode: 'decimal', size: 6, errors })}`;
  });
  return layout(
    'Verzuiminformatie doorgeven',
    html`<h1>Verzuiminformatie doorgeven</h1>
${intro(v)}
<p>Wilt u de informatie uiterlijk <strong>${formatDeadline(v.dueAt)}</strong> doorgeven? U kunt één keer antwoorden; deze link werkt tot ${formatDeadline(v.linkExpiresAt)}.</p>
${summary}
<form method="post">
${
  v.weekStarts.length
    ? html`<fieldset>
<legend>Verzuim per week</legend>
<p class="hint">Vul per lesweek het aantal uren ongeoorloofd verzuim in${v.period ? html` (periode ${formatDate(v.period.from)} tot en met ${formatDate(v.period.to)})` : ''}. Laat een week leeg als u het niet weet. Een half uur schrijft u als 0,5.</p>
${weeks}
</fieldset>`
    : ''
}
<fieldset>
<legend>Lessen en aanpak van de school</legend>
${textInput({ id: 'lessonsMissed', label: 'Aantal gemiste lessen (optioneel)', value: values.lessonsMissed ?? '', inputmode: 'numeric', size: 6, errors })}
${textArea({ id: 'schoolActions', label: 'Wat heeft de school al gedaan?', hint: 'Bijvoorbeeld gesprekken met de leerling of de ouders, afspraken, een verwijzing.', value: values.schoolActions ?? '', errors })}
${textArea({ id: 'careSignals', label: 'Zorgsignalen (optioneel)', hint: 'Zorgen over de leerling of de thuissituatie die de leerplichtambtenaar moet kennen.', value: values.careSignals ?? '', errors })}
</fieldset>
<fieldset>
<legend>Contactpersoon op school</legend>
${textInput({ id: 'contactPerson', label: 'Naam contactpersoon', value: values.contactPerson ?? '', required: true, autocomplete: 'name', errors })}
</fieldset>
<button type="submit">Informatie versturen</button>
</form>`,
  );
}

export function thanksPage(v: RequestView): string {
  return layout(
    'Bedankt',
    html`<h1>Bedankt voor uw informatie</h1>
${intro(v)}
<p>Uw informatie is ontvangen en doorgegeven aan de leerplichtambtenaar. U hoeft niets meer te doen.</p>`,
  );
}

export function answeredPage(v: RequestView): string {
  return layout(
    'Al beantwoord',
    html`<h1>Dit verzoek is al beantwoord</h1>
${intro(v)}
<p>Het antwoord is ontvangen${v.answeredAt ? html` op ${formatDeadline(v.answeredAt)}` : ''}. Een tweede antwoord wordt niet verwerkt; neem voor aanvullingen contact op met de leerplichtambtenaar.</p>`,
  );
}

export function errorPage(title: string, message: string): string {
  return layout(title, html`<h1>${title}</h1>
<p>${message}</p>`);
}

export function statusPage(s: { brin: string; schoolName?: string; linkExpiresAt: string; meldingen: SchoolMeldingStatus[] }): string {
  const rows = s.meldingen.map(
    (m) =>
      html`<tr role="row"><td role="cell" data-label="Melding">${m.meldingId}</td><td role="cell" data-label="Leerling">${m.pupil.name}${m.pupil.className ? html` (${m.pupil.className})` : ''}</td><td role="cell" data-label="Soort verzuim">${KIND_LABELS[m.kind] ?? m.kind}</td><td role="cell" data-label="Gemeld op">${formatDate(m.reportDate)}</td><td role="cell" data-label="Status">${m.statusLabel}${m.closureReasonLabel ? html`: ${m.closureReasonLabel}` : ''}</td></tr>`,
  );
  return layout(
    'Status van uw meldingen',
    html`<h1>Status van de verzuimmeldingen van ${s.schoolName ?? 'uw school'}</h1>
<p>BRIN ${s.brin}. Deze pagina toont alleen de meldingen van uw school. De link werkt tot ${formatDeadline(s.linkExpiresAt)}.</p>
${
  s.meldingen.length
    ? html`<table class="stack-table" role="table">
<caption class="hint">Meldingen, de nieuwste eerst</caption>
<thead role="rowgroup"><tr role="row"><th scope="col" role="columnheader">Melding</th><th scope="col" role="columnheader">Leerling</th><th scope="col" role="columnheader">Soort verzuim</th><th scope="col" role="columnheader">Gemeld op</th><th scope="col" role="columnheader">Status</th></tr></thead>
<tbody role="rowgroup">${rows}</tbody>
</table>`
    : html`<p>Er zijn geen meldingen van uw school bekend.</p>`
}`,
  );
}

/** How the kinds of melding read for a school. */
const KIND_LABELS: Record<string, string> = {
  'zestien-uur': '16 uur ongeoorloofd verzuim',
  'langdurig-relatief': 'Langdurig relatief verzuim',
  luxe: 'Luxe verzuim',
  'achttien-plus': 'Verzuim 18+',
  overig: 'Overig verzuim',
  absoluut: 'Absoluut verzuim',
};
