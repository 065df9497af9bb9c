import { CLOSURE_REASON_LABELS, type ClosureReason } from '../duo-status';
import type { CaseState } from '../case/state';
import { LETTER_KIND_LABELS, type LetterDetails, type LetterKind } from './kinds';

/** A person of the case as letters need them (from the persons register: BRP or the consultant). */
export type PersonFacts = {
  id: string;
  role: 'jeugdige' | 'gezagdrager';
  name: string;
  firstNames?: string;
  lastName: string;
  salutation?: string;
  dateOfBirth?: string;
  addressLines: string[];
  email?: string;
};

export type Recipient =
  | { kind: 'person'; person: PersonFacts }
  | { kind: 'organisation'; name: string; addressLines: string[] };

export type StaffFacts = { name: string; function: string; phone?: string; email?: string };

/** Everything a letter is made from: the case state (no personal data) and what the register adds. */
export type LetterContext = {
  kind: LetterKind;
  details: LetterDetails;
  state: CaseState;
  youth?: PersonFacts;
  gezagdragers: PersonFacts[];
  recipient: Recipient;
  consultant?: StaffFacts;
  schoolName?: string;
  organisation: string;
  /** When the letter is made (ISO instant): its date. */
  now: string;
};

const DATE = new Intl.DateTimeFormat('nl-NL', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Amsterdam' });
const WEEKDAY_DATE = new Intl.DateTimeFormat('nl-NL', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Amsterdam' });
const TIME = new Intl.DateTimeFormat('nl-NL', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Amsterdam' });

/** "4 maart 2012" for a date or an instant (instants by their Dutch date). */
export const dutchDate = (iso: string) => DATE.format(new Date(iso.length === 10 ? `${iso}T12:00:00Z` : iso));
export const dutchWeekdayDate = (iso: string) => WEEKDAY_DATE.format(new Date(iso));
export const dutchTime = (iso: string) => TIME.format(new Date(iso));

const KIND_NAMES: Record<string, string> = {
  'zestien-uur': 'relatief verzuim (16-uursmelding)',
  'langdurig-relatief': 'langdurig relatief verzuim',
  luxe: 'luxe verzuim',
  'achttien-plus': 'verzuim 18+',
  overig: 'overig verzuim',
  absoluut: 'absoluut verzuim',
};
const OUTCOMES: Record<string, string> = { gehouden: 'gehouden', 'niet-verschenen': 'niet verschenen', geweigerd: 'medewerking geweigerd' };
const VERDICTS: Record<string, string> = { ongeoorloofd: 'ongeoorloofd verzuim', geoorloofd: 'geoorloofd verzuim', 'geen-verzuim': 'geen verzuim' };

export const fullName = (p: PersonFacts) => [p.firstNames, p.lastName].filter(Boolean).join(' ') || p.name;
const joinNames = (names: string[]) => (names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} en ${names.at(-1)}`);

/** The case's facts as placeholder values (domain/letters/placeholders.ts names them). */
export function letterFacts(ctx: LetterContext): Record<string, string | undefined> {
  const { state: s, details: d, youth } = ctx;
  const m = s.meldingen;
  const hours = m.reduce((sum, x) => sum + (x.hoursAbsent ?? 0), 0);
  const starts = m.map((x) => x.startDate).sort();
  const ends = m.map((x) => x.endDate ?? x.reportDate).sort();
  const gezag = ctx.gezagdragers.map(fullName);
  const facts: Record<string, string | undefined> = {
    datum: dutchDate(ctx.now),
    kenmerk: s.caseId,
    'ontvanger.naam': ctx.recipient.kind === 'person' ? ctx.recipient.person.name : ctx.recipient.name,
    'ontvanger.aanhef': ctx.recipient.kind === 'person' ? ctx.recipient.person.salutation ?? 'Geachte heer, mevrouw' : 'Geachte heer, mevrouw',
    'jeugdige.naam': youth ? fullName(youth) : undefined,
    'jeugdige.voornaam': youth?.firstNames?.split(' ')[0],
    'jeugdige.geboortedatum': youth?.dateOfBirth ? dutchDate(youth.dateOfBirth) : dutchDate(s.dateOfBirth),
    'jeugdige.adres': youth?.addressLines.length ? youth.addressLines.join(', ') : undefined,
    'gezagdragers.namen': gezag.length ? joinNames(gezag) : undefined,
    'school.naam': ctx.schoolName,
    'consulent.naam': ctx.consultant?.name,
    'consulent.functie': ctx.consultant?.function,
    'consulent.telefoon': ctx.consultant?.phone,
    'consulent.email': ctx.consultant?.email,
    'organisatie.naam': ctx.organisation,
    'verzuim.soort': m.length ? KIND_NAMES[m.at(-1)!.kind] ?? m.at(-1)!.kind : undefined,
    'verzuim.uren': hours ? String(hours) : undefined,
    'verzuim.periode': starts.length ? `${dutchDate(starts[0]!)} tot en met ${dutchDate(ends.at(-1)!)}` : undefined,
    'melding.datum': m.length ? dutchDate(m[0]!.reportDate) : undefined,
    'verzuim.meldingen': m
      .map((x) => `- melding ${x.meldingId}: ${KIND_NAMES[x.kind] ?? x.kind}, ${dutchDate(x.startDate)} tot en met ${dutchDate(x.endDate ?? x.reportDate)}${x.hoursAbsent ? `, ${x.hoursAbsent} uur` : ''}${x.daysAbsent ? `, ${x.daysAbsent} dagen` : ''}`)
      .join('\n') || undefined,
    'hoorgesprek.datum': d.plannedFor ? dutchWeekdayDate(d.plannedFor) : undefined,
    'hoorgesprek.tijd': d.plannedFor ? dutchTime(d.plannedFor) : undefined,
    'hoorgesprek.locatie': d.location,
    'hoorgesprek.vorigeDatum': d.previousPlannedFor ? `${dutchWeekdayDate(d.previousPlannedFor)} om ${dutchTime(d.previousPlannedFor)} uur` : undefined,
    'hoorgesprek.verslag': hoorgesprekVerslag(s),
    reden: d.reason,
    'waarschuwing.datum': d.at ? dutchDate(d.at) : undefined,
    'monitoring.van': d.monitoringFrom ? dutchDate(d.monitoringFrom) : undefined,
    'monitoring.tot': d.monitoringUntil ? dutchDate(d.monitoringUntil) : undefined,
    'monitoring.weken': d.monitoringFrom && d.monitoringUntil ? String(Math.round((Date.parse(d.monitoringUntil) - Date.parse(d.monitoringFrom)) / (7 * 86_400_000))) : undefined,
    'halt.datum': d.at ? dutchDate(d.at) : undefined,
    'beoordeling.motivering': s.judgement?.reasoning,
    'hulp.betrokken': s.judgement ? s.judgement.helpInvolved.join(', ') || 'geen' : undefined,
    'hulp.nodig': s.judgement ? s.judgement.helpNeeded.join(', ') || 'geen' : undefined,
    'pv.tegen': d.against?.length
      ? joinNames(d.against.map((a) => (a === 'ouders' ? `de gezagdragers${gezag.length ? ` (${joinNames(gezag)})` : ''}` : youth ? `de jongere ${fullName(youth)}` : 'de jongere')))
      : undefined,
    verloop: verloop(s),
    'afsluiting.reden': d.closureReason ? CLOSURE_REASON_LABELS[d.closureReason as ClosureReason] ?? d.closureReason : undefined,
    'afsluiting.datum': d.at ? dutchDate(d.at) : undefined,
  };
  return facts;
}

function hoorgesprekVerslag(s: CaseState): string | undefined {
  const held = s.hoorgesprek.invitations.filter((i) => i.outcome);
  if (!held.length) return undefined;
  const outcomes = held.map((i) => `${dutchDate(i.plannedFor)}: ${OUTCOMES[i.outcome!] ?? i.outcome}`).join('; ');
  return s.hoorgesprek.summary ? `${outcomes}. ${s.hoorgesprek.summary}` : `${outcomes}.`;
}

/** What was done in the case, in order, one line each: for the proces-verbaal and the civiel reports. */
export function verloop(s: CaseState): string | undefined {
  const lines: [string, string][] = [];
  for (const m of s.meldingen) lines.push([m.receivedAt, `melding ${KIND_NAMES[m.kind] ?? m.kind} ontvangen${m.hoursAbsent ? ` (${m.hoursAbsent} uur)` : ''}${m.recidive ? ', opnieuw (recidive)' : ''}`]);
  const r = s.schoolRequest;
  if (r) {
    lines.push([r.requestedAt, 'verzuimgegevens opgevraagd bij de school']);
    if (r.answeredAt) lines.push([r.answeredAt, 'verzuimgegevens van de school ontvangen']);
  }
  for (const i of s.hoorgesprek.invitations) {
    lines.push([i.invitedAt, `uitgenodigd voor hoorgesprek op ${dutchDate(i.plannedFor)}${i.outcome ? `: ${OUTCOMES[i.outcome] ?? i.outcome}` : ''}`]);
  }
  for (const h of s.huisbezoeken ?? []) lines.push([h.visitedAt, `huisbezoek: ${h.outcome.replace(/-/g, ' ')}`]);
  if (s.judgement) lines.push([s.judgement.decidedAt, `beoordeling: ${VERDICTS[s.judgement.verdict] ?? s.judgement.verdict}`]);
  for (const route of s.routes) {
    lines.push([route.startedAt, `traject ${route.kind} gestart`]);
    for (const step of route.steps) if (!step.step.startsWith('uitkomst')) lines.push([step.at, `${route.kind}: ${step.step}`]);
    if (route.outcome && route.completedAt) lines.push([route.completedAt, `${route.kind}: uitkomst ${route.outcome}`]);
  }
  if (s.closure) lines.push([s.closure.closedAt, `zaak afgesloten: ${CLOSURE_REASON_LABELS[s.closure.reason] ?? s.closure.reason}`]);
  if (!lines.length) return undefined;
  return lines
    .sort((a, b) => a[0].localeCompare(b[0]))
    .map(([at, what]) => `- ${dutchDate(at)}: ${what}`)
    .join('\n');
}

export const letterTitle = (kind: LetterKind) => LETTER_KIND_LABELS[kind];
