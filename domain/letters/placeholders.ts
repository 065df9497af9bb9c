import type { LetterKind } from './kinds';

/**
 * The facts a template may name as {{placeholder}}, per letter kind: the administrator's texts are
 * checked against this list when saved (422 on an unknown one), and each letter is filled from the
 * case's facts when made. Values are text; a fact the case lacks is listed as missing.
 */
export const COMMON_PLACEHOLDERS: Record<string, string> = {
  datum: 'de datum van de brief',
  kenmerk: 'het kenmerk (zaaknummer)',
  'ontvanger.naam': 'de naam van de geadresseerde',
  'ontvanger.aanhef': 'de aanhef, bijvoorbeeld "Geachte heer De Vries"',
  'jeugdige.naam': 'de volledige naam van de jongere',
  'jeugdige.voornaam': 'de voornaam van de jongere',
  'jeugdige.geboortedatum': 'de geboortedatum van de jongere',
  'jeugdige.adres': 'het adres van de jongere op één regel',
  'gezagdragers.namen': 'de namen van de gezagdragers',
  'school.naam': 'de naam van de school',
  'consulent.naam': 'de naam van de leerplichtambtenaar',
  'consulent.functie': 'de functie van de leerplichtambtenaar',
  'consulent.telefoon': 'het telefoonnummer van de leerplichtambtenaar',
  'consulent.email': 'het e-mailadres van de leerplichtambtenaar',
  'organisatie.naam': 'de naam van de afzender (de leerplichtafdeling)',
  'verzuim.soort': 'de soort verzuim van de laatste melding',
  'verzuim.uren': 'het totaal aantal gemelde uren ongeoorloofd verzuim',
  'verzuim.periode': 'de periode van het gemelde verzuim',
  'melding.datum': 'de datum van de eerste melding',
};

const HOORGESPREK = {
  'hoorgesprek.datum': 'de datum van het hoorgesprek',
  'hoorgesprek.tijd': 'het tijdstip van het hoorgesprek',
  'hoorgesprek.locatie': 'de plaats van het hoorgesprek',
};
const VERLOOP = {
  verloop: 'wat er in de zaak is gedaan, met data (meerdere regels)',
  'beoordeling.motivering': 'de motivering van de beoordeling ongeoorloofd verzuim',
  'hoorgesprek.verslag': 'de samenvatting van het hoorgesprek',
};

export const KIND_PLACEHOLDERS: Record<LetterKind, Record<string, string>> = {
  'uitnodiging-hoorgesprek': HOORGESPREK,
  'verzetting-hoorgesprek': { ...HOORGESPREK, 'hoorgesprek.vorigeDatum': 'de eerder geplande datum' },
  'annulering-hoorgesprek': { 'hoorgesprek.vorigeDatum': 'de eerder geplande datum', reden: 'de reden van de annulering' },
  'officiele-waarschuwing': {
    'waarschuwing.datum': 'de datum van de waarschuwing',
    'monitoring.van': 'het begin van de controleperiode',
    'monitoring.tot': 'het einde van de controleperiode',
    'monitoring.weken': 'de duur van de controleperiode in weken',
  },
  'verwijzing-halt': { 'halt.datum': 'de datum van de verwijzing' },
  'aanmelding-jeugdbeschermingstafel': { ...VERLOOP, 'hulp.betrokken': 'de betrokken hulpverlening', 'hulp.nodig': 'de benodigde hulp' },
  'melding-raad-voor-de-kinderbescherming': { ...VERLOOP, 'hulp.betrokken': 'de betrokken hulpverlening', 'hulp.nodig': 'de benodigde hulp' },
  'proces-verbaal-concept': { ...VERLOOP, 'pv.tegen': 'tegen wie het proces-verbaal wordt opgemaakt', 'verzuim.meldingen': 'de meldingen met periode en uren (meerdere regels)' },
  afsluitbrief: { 'afsluiting.reden': 'de reden van afsluiting', 'afsluiting.datum': 'de datum van afsluiting' },
};

export function knownPlaceholders(kind: LetterKind): Record<string, string> {
  return { ...COMMON_PLACEHOLDERS, ...KIND_PLACEHOLDERS[kind] };
}

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

export function placeholdersIn(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1]!);
}

/** Fills {{name}} with the facts; a fact without a value shows as [name] and is reported missing. */
export function fill(text: string, facts: Record<string, string | undefined>, missing: Set<string>): string {
  return text.replace(PLACEHOLDER, (_all, name: string) => {
    const value = facts[name];
    if (value === undefined || value === '') {
      missing.add(name);
      return `[${name}]`;
    }
    return value;
  });
}

/** Every unknown or malformed placeholder in a template, with the field it is in. */
export function checkPlaceholders(kind: LetterKind, fields: { path: string; text: string }[]): { path: string; message: string }[] {
  const known = knownPlaceholders(kind);
  const problems: { path: string; message: string }[] = [];
  for (const f of fields) {
    for (const name of placeholdersIn(f.text)) {
      if (!(name in known))
        problems.push({ path: f.path, message: `unknown placeholder {{${name}}} for ${kind}; known: ${Object.keys(known).join(', ')}` });
    }
    // A lone brace pair that does not close is a typo that would print as is.
    const stripped = f.text.replace(PLACEHOLDER, '');
    if (stripped.includes('{{') || stripped.includes('}}')) problems.push({ path: f.path, message: 'unbalanced {{ }} in the text' });
  }
  return problems;
}
