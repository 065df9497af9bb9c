import { html, raw, type SafeHtml } from '../platform/html';
import { formatDate, formatDeadline } from '../platform/nl-format';

/**
 * The e-mails to a school's contact about one information request, in Dutch, as plain text and
 * HTML. They carry no BSN and nothing the school does not have: its own pupil's name and class.
 * Every value in the HTML goes through `html`, which escapes it.
 */

export type SchoolMailKind = 'school-request' | 'school-reminder-1' | 'school-reminder-2';

export type SchoolMailContext = {
  meldingId: string;
  reportDate: string;
  contactName?: string;
  pupil: { name: string; className?: string };
  period: { from: string; to: string };
  dueAt: string;
  linkExpiresAt: string;
};

export type SchoolMailLinks = { answerUrl: string; statusUrl?: string };
export type RenderedMail = { subject: string; text: string; html: string };

export function schoolMailSubject(kind: SchoolMailKind, c: Pick<SchoolMailContext, 'meldingId'>): string {
  const about = `verzoek om verzuiminformatie (melding ${c.meldingId})`;
  if (kind === 'school-request') return `Verzoek om verzuiminformatie (melding ${c.meldingId})`;
  if (kind === 'school-reminder-1') return `Herinnering: ${about}`;
  return `Tweede herinnering: ${about}`;
}

const pupilText = (c: SchoolMailContext) => (c.pupil.className ? `${c.pupil.name} (klas ${c.pupil.className})` : c.pupil.name);

/** The paragraphs of each kind, as text; the HTML version renders the same sentences. */
function opening(kind: SchoolMailKind, c: SchoolMailContext): string[] {
  const melding = `uw verzuimmelding van ${formatDate(c.reportDate)} over ${pupilText(c)}`;
  if (kind === 'school-request')
    return [
      `Naar aanleiding van ${melding} onderzoekt de leerplichtambtenaar het verzuim. Daarvoor vragen wij de school om informatie.`,
      `Wilt u de informatie uiterlijk ${formatDeadline(c.dueAt)} doorgeven?`,
    ];
  if (kind === 'school-reminder-1')
    return [
      `Wij hebben nog geen informatie ontvangen over ${melding}.`,
      `Wilt u de informatie uiterlijk ${formatDeadline(c.dueAt)} doorgeven?`,
    ];
  return [
    `De termijn voor de informatie over ${melding} is ${formatDeadline(c.dueAt)} verstreken. Wij hebben nog niets ontvangen.`,
    'Wilt u de informatie zo snel mogelijk doorgeven? Zonder uw informatie gaat het onderzoek binnenkort verder zonder de gegevens van de school.',
  ];
}

const ASKED = [
  'de uren verzuim per week',
  'het aantal gemiste lessen',
  'wat de school al heeft gedaan',
  'eventuele zorgsignalen',
  'de contactpersoon op school',
];

export function renderSchoolMail(kind: SchoolMailKind, c: SchoolMailContext, links: SchoolMailLinks): RenderedMail {
  const subject = schoolMailSubject(kind, c);
  const greeting = c.contactName ? `Beste ${c.contactName},` : 'Beste contactpersoon verzuim,';
  const paragraphs = opening(kind, c);
  const period = `Het gaat om de periode van ${formatDate(c.period.from)} tot en met ${formatDate(c.period.to)}.`;
  const validity = `U heeft geen account nodig en u kunt één keer antwoorden. De link werkt tot ${formatDeadline(c.linkExpiresAt)}.`;
  const status = 'De status van alle meldingen van uw school (Geregistreerd, In behandeling, Afgesloten) ziet u via:';
  const forward = links.statusUrl ? 'Deze links zijn alleen voor u bedoeld: stuur dit bericht niet door.' : 'Deze link is alleen voor u bedoeld: stuur dit bericht niet door.';
  const closing = ['Met vriendelijke groet,', 'Team Leerplicht'];
  const automatic = 'Dit bericht is automatisch verstuurd. Heeft u vragen, neem dan contact op met de leerplichtambtenaar.';

  const text = [
    greeting,
    '',
    ...paragraphs.flatMap((p) => [p, '']),
    'Wij vragen:',
    ...ASKED.map((a) => `- ${a}`),
    '',
    period,
    '',
    'Geef de informatie door via deze beveiligde link:',
    links.answerUrl,
    '',
    validity,
    ...(links.statusUrl ? ['', status, links.statusUrl] : []),
    '',
    forward,
    '',
    ...closing,
    '',
    automatic,
    '',
  ].join('\n');

  const button = html`<p><a href="${links.answerUrl}" style="display:inline-block;padding:10px 16px;background:#154273;color:#ffffff;text-decoration:none;border-radius:4px">Informatie doorgeven</a></p>
<p style="font-size:14px">Werkt de knop niet? Kopieer dan deze link in uw browser:<br>${links.answerUrl}</p>`;
  const body: SafeHtml = html`<!DOCTYPE html>
<html lang="nl">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${subject}</title></head>
<body style="font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#1a1a1a;max-width:640px;margin:0 auto;padding:16px">
<p>${greeting}</p>
${paragraphs.map((p) => html`<p>${p}</p>`)}
<p>Wij vragen:</p>
<ul>${ASKED.map((a) => html`<li>${a}</li>`)}</ul>
<p>${period}</p>
${button}
<p>${validity}</p>
${links.statusUrl ? html`<p>${status}<br><a href="${links.statusUrl}">Status van de meldingen van uw school</a></p>` : raw('')}
<p>${forward}</p>
<p>${closing[0]}<br>${closing[1]}</p>
<p style="font-size:13px;color:#555">${automatic}</p>
</body>
</html>
`;
  return { subject, text, html: body.value };
}
