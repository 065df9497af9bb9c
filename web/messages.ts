import type { z } from 'zod';
import { formatDate, formatDateTime } from './labels';

/**
 * Dutch for what the API answers in English (issue 17): the pages show a person Dutch. The API
 * keeps English for its clients; every refusal carries a stable code (api/errors.ts, the rule
 * violations of domain/), and the pages translate by that code. Field messages come from the same
 * zod schemas: a form's input is checked again here with Dutch messages, and the schemas' own
 * English sentences have a Dutch line below. test/unit/web-messages.test.ts fails on a code or a
 * sentence the domain or the API can produce without a Dutch text here.
 */

type Text = string | ((english: string) => string);

/** The first ISO date (or instant) in an English message, as Dutch text. */
function dateIn(english: string, nth = 0): string {
  const all = english.match(/\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?/g) ?? [];
  const v = all[nth];
  if (!v) return 'die datum';
  return v.length > 10 ? formatDateTime(v) : formatDate(v);
}
/** The first number in an English message (or the nth). */
const numberIn = (english: string, nth = 0) => english.match(/\d+(\.\d+)?/g)?.[nth] ?? '';

/** Per API error code: the sentence above a form, or on an error page. */
export const API_ERRORS_NL: Record<string, string> = {
  'invalid-input': 'Niet alle velden zijn goed ingevuld.',
  forbidden: 'Dit mag niet met uw rol, of het valt buiten uw gemeenten of school.',
  unauthenticated: 'U bent niet (meer) ingelogd. Log opnieuw in.',
  'not-found': 'Niet gevonden.',
  'phase-conflict': 'Deze stap past niet bij de huidige stand van de zaak.',
  'step-in-progress': 'De zaak verwerkt nog een vorige stap. Probeer het over een ogenblik opnieuw.',
  'rule-violation': 'Een regel staat deze stap niet toe.',
  conflict: 'Iemand anders heeft dit tegelijk gewijzigd. Laad de pagina opnieuw en probeer het nog eens.',
  'gemeente-in-other-region': 'Een of meer van deze gemeenten horen al bij een andere regio. Een gemeente hoort bij één regio.',
  'case-closed': 'De zaak is afgesloten.',
  'case-not-projected': 'De zaak is net aangemaakt en nog niet helemaal verwerkt. Probeer het over een ogenblik opnieuw.',
  'signal-closed': 'Het signaal is afgesloten.',
  'melding-id-conflict': 'Dit meldingsnummer is al gebruikt, door een andere afzender of eerder met andere gegevens. Kies een nieuw nummer.',
  'signal-id-conflict': 'Dit signaalnummer is al gebruikt, door een andere afzender of eerder met andere gegevens. Kies een nieuw nummer.',
  'document-sent': 'Deze brief is al verzonden; een verzonden brief verandert niet meer.',
  'document-incomplete': 'De brief is nog niet compleet: vul eerst de ontbrekende gegevens aan.',
  'recipient-gone': 'De geadresseerde van deze brief hoort niet meer bij de zaak.',
  'no-email-address': 'Er is geen e-mailadres bekend voor deze geadresseerde.',
  'unknown-placeholder': 'Het sjabloon bevat een onbekend invulveld.',
  'mail-unavailable': 'Versturen per e-mail is op deze omgeving niet ingericht.',
  'mail-failed': 'De e-mail kon niet worden verstuurd. Probeer het later opnieuw.',
  'brp-unavailable': 'De BRP is even niet bereikbaar. Probeer het later opnieuw.',
  'codec-failed': 'De gegevens konden niet worden ontsleuteld.',
  'unknown-namespace': 'Onbekende Temporal-namespace.',
  'method-not-allowed': 'Deze handeling bestaat hier niet.',
  'too-many-requests': 'Te veel verzoeken kort na elkaar. Wacht een minuut en probeer het opnieuw.',
  unavailable: 'Het systeem is even niet bereikbaar. Probeer het over een ogenblik opnieuw.',
  internal: 'Er ging iets mis aan onze kant. Probeer het opnieuw; blijft het misgaan, meld het dan bij functioneel beheer.',
  'bad-request': 'Het verzoek kon niet worden verwerkt.',
  'entity.too.large': 'Het formulier is te groot om te versturen.',
  'entity.parse.failed': 'Het formulier kon niet worden gelezen.',
  // The school links (api/school/messages.ts); their pages are Dutch already.
  'already-answered': 'Dit verzoek is al beantwoord.',
  'link-expired': 'Deze link is verlopen.',
  'request-closed': 'Dit verzoek is niet meer open.',
  'malformed-body': 'Het formulier kon niet worden gelezen.',
  'too-large': 'Het formulier is te groot om te versturen.',
  'too-many-attempts': 'Te veel pogingen. Probeer het later opnieuw.',
  'unsupported-media-type': 'Dit soort inhoud wordt niet aangenomen.',
};

/** Why access was refused (domain/access-policy.ts reasons), in Dutch; the rest gets the code's sentence. */
const FORBIDDEN_NL: [RegExp, Text][] = [
  [/^a school may only report its own pupils$/, 'Een school meldt en ziet alleen haar eigen leerlingen: vul de BRIN van uw eigen school in.'],
  [/^the school token carries no BRIN$/, 'Uw account is niet aan een school (BRIN) gekoppeld. Neem contact op met functioneel beheer.'],
  [/^gemeente (\S+) is outside your region$/, (e) => `Gemeente ${e.split(' ')[1]} valt buiten uw regio.`],
  [/^this youth has no case or signal in a gemeente of your region$/, 'Deze jongere heeft geen zaak of signaal in een gemeente van uw regio.'],
  [/ may not /, 'Uw rol mag dit niet.'],
];

/**
 * Per rule or refusal code (rule violations, phase conflicts, the schemas' issue codes): what a
 * consultant, school or partner reads. Dates and numbers in the English sentence are carried over.
 */
export const RULES_NL: Record<string, Text> = {
  // Case steps and phases (phase conflicts, 409).
  'case.closed': 'De zaak is afgesloten.',
  'case.step': 'Dit kan niet in de huidige stap van de zaak.',
  'close.not-monitoring': "'Afgerond na traject' sluit een zaak in de monitoring, na de routes.",
  'close.routes-running': 'Er lopen nog routes: leg eerst hun uitkomst vast en sluit dan de zaak.',
  'assign.same': 'Dit is al toegewezen aan deze leerplichtambtenaar.',
  // Hoorgesprek.
  'hoorgesprek.not-planned': 'Er is geen hoorgesprek gepland.',
  'hoorgesprek.pending': (e) => `Er is al een hoorgesprek gepland op ${dateIn(e)}: verplaats het of leg de uitkomst vast.`,
  'hoorgesprek.far': 'Een hoorgesprek wordt binnen een jaar gepland.',
  'hoorgesprek.past': 'Een hoorgesprek van meer dan een maand geleden kan niet meer als gepland worden vastgelegd.',
  'hoorgesprek.future': (e) => `Het hoorgesprek is gepland op ${dateIn(e)} en heeft nog niet plaatsgevonden.`,
  'hoorgesprek.parents': 'De ouders van een minderjarige worden uitgenodigd voor het hoorgesprek (Leerplichtwet art. 2 lid 1).',
  'hoorgesprek.youth-12': 'Een jongere van 12 jaar of ouder wordt ook uitgenodigd voor het hoorgesprek (Leerplichtwet art. 2 lid 3).',
  'hoorgesprek.replan-past': 'Een hoorgesprek verplaatst u naar een datum die nog komt; een gesprek dat al plaatsvond legt u vast met de uitkomst.',
  'hoorgesprek.cancel-after': (e) => `Het hoorgesprek van ${dateIn(e)} is al begonnen: leg de uitkomst vast (niet verschenen of geweigerd).`,
  'hoorgesprek.afzegging.future': 'Een afzegging legt u vast als die ontvangen is, niet vooruit.',
  'hoorgesprek.afzegging.past': 'Een afzegging van meer dan een maand geleden kan niet meer worden vastgelegd.',
  // Routes, Halt, proces-verbaal.
  'route.none': 'Kies minstens één route.',
  'route.duplicate': 'Een route is twee keer gekozen.',
  'route.running': 'Deze route loopt al.',
  'route.not-running': 'Deze route loopt niet in deze zaak.',
  'route.civiel-adult': 'Geen dwang in civiel kader bij een meerderjarige: jeugdbescherming eindigt bij 18.',
  'route.halt-18plus': 'Geen Halt vanaf 18 jaar: Halt voor verzuim is voor jongeren met leer- of kwalificatieplicht.',
  'route.halt-regime': 'Geen Halt voor deze jongere: Halt voor verzuim is voor jongeren met leer- of kwalificatieplicht.',
  'route.penal-18plus': 'Geen strafrechtelijke route vanaf 18 jaar: er is geen leer- of kwalificatieplicht meer; het Doorstroompunt biedt alleen ondersteuning.',
  'route.penal-regime': 'Geen strafrechtelijke route voor deze jongere: alleen leer- en kwalificatieplicht worden gehandhaafd (Leerplichtwet art. 22).',
  'route.waarschuwing-18plus': 'Geen officiële waarschuwing vanaf 18 jaar: er is geen leer- of kwalificatieplicht om voor te waarschuwen.',
  'route.waarschuwing-regime': 'Geen officiële waarschuwing voor deze jongere: er is geen leer- of kwalificatieplicht om voor te waarschuwen.',
  'halt.age': (e) => `Halt is alleen voor jongeren van 12 tot 18 jaar; deze jongere is ${numberIn(e, 2)}.`,
  'halt.consent': 'Voor Halt is de instemming van de jongere nodig.',
  'halt.parent-consent': 'Onder de 16 jaar is voor Halt ook de instemming van de ouders nodig.',
  'halt.earlier-referral': 'De jongere is al eerder voor verzuim naar Halt verwezen; dat kan maar één keer.',
  'halt.hours': (e) => `Halt vraagt 9 tot 60 uur verzuim of 12 tot 60 keer te laat; hier is het ${numberIn(e, 4)} uur en ${numberIn(e, 5)} keer te laat.`,
  'halt.psychiatric': 'Halt is niet mogelijk zolang ernstige psychiatrische problematiek onbehandeld is: verwijs eerst naar hulpverlening.',
  'pv.18plus': 'Geen proces-verbaal vanaf 18 jaar: er is geen leer- of kwalificatieplicht.',
  'pv.against': 'Geef aan tegen wie het proces-verbaal wordt opgemaakt: de ouders, de jongere of beiden.',
  'pv.duplicate': 'Dezelfde partij is twee keer genoemd.',
  'pv.regime': 'Geen proces-verbaal voor deze jongere: alleen leer- en kwalificatieplicht worden gehandhaafd (Leerplichtwet art. 22).',
  'pv.youth-under-12': 'Een proces-verbaal tegen de jongere kan pas vanaf 12 jaar.',
  'absoluut.enrol-term': 'Bij absoluut verzuim volgt het proces-verbaal pas na de inschrijftermijn.',
  'luxe.facts': 'Leg voor een proces-verbaal voor luxe verzuim eerst de dagen afwezig en de eerdere meldingen van luxe verzuim vast.',
  'luxe.first-warning': 'Regionaal beleid: bij een eerste keer luxe verzuim van één dag volgt eerst een waarschuwing. De wet en de OM-richtlijn staan een proces-verbaal wel toe.',
  // Huisbezoek and thuiszitter.
  'huisbezoek.phase': 'Een huisbezoek legt u vast in de fase onderzoek of routes.',
  'huisbezoek.no-follow-up': 'Geen huisbezoek in deze zaak wacht op opvolging.',
  'huisbezoek.future': 'Een huisbezoek legt u vast als het heeft plaatsgevonden, niet vooruit.',
  'huisbezoek.past': 'Een huisbezoek van meer dan een maand geleden kan niet meer worden vastgelegd.',
  'thuiszitter.not': 'De zaak is geen thuiszitterzaak: markeer haar eerst als thuiszitter.',
  'thuiszitter.already': (e) => `De zaak is al een thuiszitterzaak sinds ${dateIn(e)}.`,
  'thuiszitter.future': 'De jongere kan niet thuiszitten sinds een datum die nog moet komen.',
  'thuiszitter.too-short': (e) => `Een thuiszitter is ${numberIn(e)} weken of langer niet op school; thuis sinds ${dateIn(e)} is dat vanaf ${dateIn(e, 1)}.`,
  'thuiszitter.vrijstelling': 'Een vrijstelling dekt deze periode: de jongere is geen thuiszitter.',
  'thuiszitter.end-before-start': 'De thuiszitterperiode kan niet eindigen vóór ze begon.',
  'thuiszitter.end-future': 'De thuiszitterperiode kan niet eindigen op een datum die nog moet komen.',
  'thuiszitter-overleg.future': 'Een overleg legt u vast als het is gehouden, niet vooruit.',
  'thuiszitter-overleg.past': 'Een overleg van meer dan een maand geleden kan niet meer worden vastgelegd.',
  'thuiszitter-overleg.partners': 'Een thuiszitteroverleg is met partners: leg minstens één van school, samenwerkingsverband, jeugdhulp, JGZ of wijkteam vast.',
  'thuiszitter-overleg.ouders-jongere': 'Ouders en jongere doen mee aan het overleg; leg in de toelichting uit waarom niet.',
  'thuiszitter-doel.date': 'Een doel krijgt een datum na het overleg en binnen een jaar.',
  'thuiszitter-doel.unknown': 'Het plan heeft geen doel met dit nummer.',
  'thuiszitter-doel.done': 'Dit doel is al afgerond.',
  // Early signals.
  'signal.closed': 'Het signaal is afgesloten.',
  'signal.step': 'Dit kan niet in de huidige stap van het signaal.',
  'signal.no-contact': 'Leg minstens één contact vast (advies, overleg) voordat u het signaal afsluit.',
  'signal.contact.future': 'Een contact legt u vast als het heeft plaatsgevonden, niet vooruit.',
  'signal.contact.past': 'Een contact van meer dan een maand geleden kan niet meer worden vastgelegd.',
  'signal.is-melding': 'Dit is een verzuimmelding, geen vroegsignaal: gebruik het formulier Verzuim melden.',
  'signal.youth-identifier': 'Vul precies één van BSN of onderwijsnummer in.',
  'signal.since-after-report': 'De zorg kan niet beginnen na de datum van de melding.',
  'signal.hours': 'Vul het aantal uren afwezig in bij verzuim onder de 16 uur.',
  'signal.times-late': 'Vul in hoe vaak de leerling te laat was.',
  // Meldingen.
  'melding.kind-not-handled': 'Deze regio behandelt dit soort melding niet.',
  'melding.te-laat-threshold': (e) => `Te laat komen wordt gemeld vanaf de ${numberIn(e)}e keer (hier ${numberIn(e, 1)}); minder is een vroegsignaal, geen melding.`,
  'melding.youth-identifier': 'Vul precies één van BSN of onderwijsnummer in.',
  'melding.end-before-start': 'De einddatum mag niet vóór de begindatum liggen.',
  'melding.start-after-report': 'De begindatum mag niet na de datum van de melding liggen: verzuim meldt u nadat het begon.',
  'melding.born-after-start': 'De geboortedatum moet vóór de begindatum van het verzuim liggen.',
  'melding.end-date-required': 'Vul de einddatum in.',
  'melding.zestien-uur-hours': 'Een 16-uursmelding vraagt minstens 16 uur ongeoorloofd verzuim.',
  'melding.luxe-absence': 'Vul bij luxe verzuim de dagen of uren afwezig in.',
  'melding.overig-reason': 'Kies de reden bij een melding overig verzuim.',
  'melding.times-late': 'Vul in hoe vaak de leerling te laat was.',
  'melding.school-required': 'Vul de school in (behalve bij absoluut verzuim).',
  'melding.melder-required': 'Vul de melder in (behalve bij absoluut verzuim).',
  // Vrijstellingen, policy, school holidays.
  'vrijstelling.to-before-from': 'De einddatum mag niet vóór de begindatum liggen.',
  'vrijstelling.verlof-end': 'Verlof heeft altijd een einddatum.',
  'vrijstelling.statement-required': 'Een vrijstelling op grond van art. 5 onder a vraagt de datum van de verklaring van de deskundige.',
  'vrijstelling.statement-after-decision': 'De verklaring van de deskundige kan niet later zijn dan het besluit.',
  'vrijstelling.statement-age': 'De verklaring van de deskundige is op de datum van het besluit hoogstens 3 maanden oud (Leerplichtwet art. 7).',
  'policy.inconsistent': 'De termijnen van het beleid passen niet bij elkaar.',
  'school-holidays.coverage': 'De schoolvakanties van deze regio zijn niet voor de komende twaalf maanden bekend.',
};

/** The schemas' own English sentences (regex, refine, custom issues without a code), in Dutch. */
const SCHEMA_MESSAGES_NL: [RegExp, Text][] = [
  [/^must be 9 digits$/, 'Vul 9 cijfers in.'],
  [/^is not a valid BSN \(elfproef\)$/, 'Dit is geen geldig BSN (elfproef).'],
  [/^must be 9 digits starting with 10$/, 'Vul 9 cijfers in die met 10 beginnen.'],
  [/^is not a valid onderwijsnummer \(elfproef\)$/, 'Dit is geen geldig onderwijsnummer (elfproef).'],
  [/^must be a BRIN: 2 digits and 2 capital letters$/, 'Vul een BRIN in: 2 cijfers en 2 hoofdletters, bijvoorbeeld 12AB.'],
  [/^must be a CBS gemeentecode like GM0505$/, 'Vul een CBS-gemeentecode in, bijvoorbeeld GM0505.'],
  [/^must be the version of GET \S+ \(its ETag, like "[0-9a-f]+"\)$/, 'De versie waarop uw wijziging gebaseerd is, klopt niet. Laad de pagina opnieuw.'],
  [/^must be 2 digits$/, 'Vul 2 cijfers in.'],
  [/^must be 1 to (\d+) letters, digits, - or _$/, (e) => `Gebruik 1 tot ${numberIn(e, 1)} letters, cijfers, - of _.`],
  [/^must be 2 to 40 lower-case letters, digits or -$/, 'Gebruik 2 tot 40 kleine letters, cijfers of -.'],
  [/^must be a school year as 'YYYY-YYYY', e\.g\. 2027-2028$/, 'Vul een schooljaar in als JJJJ-JJJJ, bijvoorbeeld 2027-2028.'],
  [/^the second year must follow the first, e\.g\. 2027-2028$/, 'Het tweede jaar volgt op het eerste, bijvoorbeeld 2027-2028.'],
  [/^must start between 2000 and 2099$/, 'Het schooljaar begint tussen 2000 en 2099.'],
  [/^give at least one holiday$/, 'Vul minstens één vakantie in.'],
  [/^to must be on or after from$/, 'De einddatum mag niet vóór de begindatum liggen.'],
  [/^must not be before from$/, 'De einddatum mag niet vóór de begindatum liggen.'],
  [/^must be a date between (\d+) and (\d+)$/, (e) => `Vul een geldige datum in tussen ${numberIn(e)} en ${numberIn(e, 1)}.`],
  [/^must be an instant between (\d+) and (\d+)$/, (e) => `Vul een geldige datum en tijd in tussen ${numberIn(e)} en ${numberIn(e, 1)}.`],
  [/^closureReason is required when the case is closed$/, 'Kies de reden van afsluiten.'],
  [/^closureReason is required when there is no ongeoorloofd verzuim$/, 'Kies de reden van afsluiten: er is geen ongeoorloofd verzuim.'],
  [/^halt details \(consent\) are required for the Halt route$/, 'Vul voor de Halt-route de instemming in.'],
  [/^procesVerbaal\.against is required for the strafrechtelijk route$/, 'Kies voor de strafrechtelijke route tegen wie het proces-verbaal is.'],
  [/^hulpverlening\.partner is required for the hulpverlening route$/, 'Kies voor de route hulpverlening de partner.'],
  [/^civiel\.channel is required for the civiel route$/, 'Kies voor de civiele route het kanaal.'],
  [/^outcome for \S+ must be one of: /, 'Kies een uitkomst die bij deze route past.'],
  [/^newDueOn is required when the goal is adjusted \(bijgesteld\)$/, 'Vul de nieuwe datum in van een bijgesteld doel.'],
  [/^give exactly one of gemeente or schoolBrin$/, 'Vul precies één van gemeente of BRIN in.'],
  [/^give exactly one of bsn or onderwijsnummer$|^Give exactly one of bsn or onderwijsnummer\.$/, 'Vul precies één van BSN of onderwijsnummer in.'],
  [/^give at least one of firstName, lastName, dateOfBirth$/, 'Vul minstens één van voornaam, achternaam of geboortedatum in.'],
  [/^give addressLines and\/or email$/, 'Vul een adres, een e-mailadres of beide in.'],
  [/^The reminder must come after the request/, 'De herinnering moet na het verzoek komen: maak haar kleiner dan de termijn voor informatie van school.'],
  [/^The second reminder must come before the consultant is told/, 'De tweede herinnering moet komen vóórdat de leerplichtambtenaar wordt geïnformeerd: maak haar hoogstens gelijk aan die termijn.'],
  [/^The reminder must be smaller than the shortest consultant deadline \((\d+) working days\)\.$/, (e) => `De herinnering moet korter zijn dan de kortste termijn van de leerplichtambtenaar (${numberIn(e)} werkdagen).`],
  [/^A verzuim kind is listed twice\.$/, 'Een soort verzuim staat er twee keer in.'],
  [/^text may not contain NUL characters/, 'De tekst bevat een ongeldig teken.'],
  [/^must be a real calendar date as YYYY-MM-DD$/, 'Vul een bestaande datum in.'],
  [/^must be an ISO 8601 date and time with offset$/, 'Vul een geldige datum en tijd in.'],
  [/^must be a case id \('case-…'\)$/, 'Vul een zaaknummer in dat met case- begint.'],
  [/^(policy\.regionId )?must match the path$/, 'De regio hoort bij deze pagina en kan hier niet veranderen.'],
  [/^must lie in school year \S+ \(/, (e) => `De vakantie moet in schooljaar ${e.split(' ')[5]} vallen.`],
  [/^must be on or before \S+: a holiday of school year/, (e) => `De vakantie moet uiterlijk ${dateIn(e)} eindigen.`],
  [/^a school holiday lasts at most (\d+) days$/, (e) => `Een schoolvakantie duurt hoogstens ${numberIn(e)} dagen.`],
  [/^overlaps /, 'Deze vakantie overlapt een andere vakantie.'],
  [/^required: the recipient has no e-mail address$/, 'Vul een e-mailadres in: de geadresseerde heeft er geen.'],
  [/^unbalanced \{\{ \}\} in the text$/, 'De tekst heeft een {{ zonder }} (of andersom).'],
  [/^unknown placeholder \{\{([^}]*)\}\}/, (e) => `Onbekend invulveld {{${/\{\{([^}]*)\}\}/.exec(e)?.[1] ?? ''}}}.`],
];

/** Person-friendly Dutch for zod's own issues (no schema sentence of their own). */
type RawIssue = { code: string; input?: unknown; expected?: string; origin?: string; minimum?: number | bigint; maximum?: number | bigint; inclusive?: boolean; format?: string; keys?: string[] };
export function dutchZodIssue(iss: RawIssue): string {
  const missing = iss.input === undefined || iss.input === null || iss.input === '';
  switch (iss.code) {
    case 'invalid_type':
      if (missing) return 'Vul dit veld in.';
      if (iss.expected === 'number' || iss.expected === 'int') return iss.expected === 'int' ? 'Vul een heel getal in.' : 'Vul een getal in.';
      if (iss.expected === 'boolean') return 'Kies Ja of Nee.';
      if (iss.expected === 'array') return 'Kies of vul er een of meer in.';
      return 'Deze waarde is niet geldig.';
    case 'too_small':
      if (iss.origin === 'string') return Number(iss.minimum) <= 1 ? 'Vul dit veld in.' : `Gebruik minstens ${iss.minimum} tekens.`;
      if (iss.origin === 'array' || iss.origin === 'set') return `Vul er minstens ${iss.minimum} in.`;
      return `Vul ${iss.inclusive === false ? 'meer dan' : 'minstens'} ${iss.minimum} in.`;
    case 'too_big':
      if (iss.origin === 'string') return `Gebruik hoogstens ${iss.maximum} tekens.`;
      if (iss.origin === 'array' || iss.origin === 'set') return `Hoogstens ${iss.maximum}.`;
      return `Vul ${iss.inclusive === false ? 'minder dan' : 'hoogstens'} ${iss.maximum} in.`;
    case 'invalid_value':
      return missing ? 'Maak een keuze.' : 'Kies een van de mogelijkheden.';
    case 'invalid_format':
      if (iss.format === 'email') return 'Vul een geldig e-mailadres in, zoals naam@school.nl.';
      if (iss.format === 'date') return 'Vul een geldige datum in.';
      if (iss.format === 'datetime') return 'Vul een geldige datum en tijd in.';
      if (iss.format === 'uuid') return 'Dit is geen geldig kenmerk.';
      return 'Deze invoer heeft niet de juiste vorm.';
    case 'not_multiple_of':
      return 'Vul een heel getal in.';
    case 'unrecognized_keys':
      return `Onbekend veld: ${(iss.keys ?? []).join(', ')}.`;
    default:
      return 'Deze waarde is niet geldig.';
  }
}

function fromTable(table: [RegExp, Text][], english: string): string | undefined {
  const hit = table.find(([re]) => re.test(english));
  if (!hit) return undefined;
  return typeof hit[1] === 'string' ? hit[1] : hit[1](english);
}

/** A rule's Dutch text by its code; undefined when there is none (the test makes sure there is). */
export function ruleText(code: string, english = ''): string | undefined {
  const t = RULES_NL[code];
  return t === undefined ? undefined : typeof t === 'string' ? t : t(english);
}

/** A schema's English sentence in Dutch, or undefined. */
export function schemaMessageText(english: string): string | undefined {
  return fromTable(SCHEMA_MESSAGES_NL, english);
}

/** The Dutch sentence for an error answer as a whole: by its code, a refusal by its reason. */
export function errorText(e: { code?: string; message?: string }, status?: number): string {
  if (e.code === 'forbidden' && e.message) return fromTable(FORBIDDEN_NL, e.message) ?? API_ERRORS_NL.forbidden!;
  if (e.code && API_ERRORS_NL[e.code]) return API_ERRORS_NL[e.code]!;
  if (e.message && schemaMessageText(e.message)) return schemaMessageText(e.message)!;
  if (status && status >= 500) return API_ERRORS_NL.unavailable!;
  return 'Het verzoek is niet uitgevoerd.';
}

type Field = { path: string; message: string };

/**
 * The field messages in Dutch: the input is checked again with the same schema the API used, with
 * Dutch for zod's own issues; a schema sentence or an issue code gets its Dutch text. A message
 * only the API knows (the workflow's own input checks) is translated by its sentence, or named
 * generically: the field is still marked.
 */
export function dutchFields(fields: Field[], local?: { schema: z.ZodType; input: unknown }): Field[] {
  const here = new Map<string, string>();
  if (local) {
    const parsed = local.schema.safeParse(local.input, { error: (iss) => dutchZodIssue(iss as unknown as RawIssue) });
    if (!parsed.success) {
      for (const i of parsed.error.issues) {
        const path = i.path.join('.');
        if (here.has(path)) continue;
        const code = (i as { params?: { code?: unknown } }).params?.code;
        here.set(path, schemaMessageText(i.message) ?? (typeof code === 'string' ? ruleText(code, i.message) : undefined) ?? i.message);
      }
    }
  }
  return fields.map((f) => ({ path: f.path, message: here.get(f.path) ?? schemaMessageText(f.message) ?? 'Deze waarde is niet geldig.' }));
}
