import { composeLetter } from '../../domain/letters/compose';
import { DEFAULT_TEMPLATES } from '../../domain/letters/default-templates';
import type { LetterContext, PersonFacts } from '../../domain/letters/facts';
import { LetterKind } from '../../domain/letters/kinds';
import { checkPlaceholders, placeholdersIn } from '../../domain/letters/placeholders';
import { DEFAULT_LETTER_SETTINGS } from '../../domain/letters/settings';
import type { CaseState } from '../../domain/case/state';
import { renderLetterPdf } from '../../platform/letter-pdf';
import { pdfText } from '../support/pdf-text';

const youth: PersonFacts = { id: 'y1', role: 'jeugdige', name: 'S.J. de Vries', firstNames: 'Sem Johannes', lastName: 'de Vries', dateOfBirth: '2012-03-04', addressLines: ['Voorstraat 12A', '3311 AB  DORDRECHT'] };
const father: PersonFacts = { id: 'p1', role: 'gezagdrager', name: 'J.P. de Vries', firstNames: 'Johannes Pieter', lastName: 'de Vries', salutation: 'Geachte heer De Vries', addressLines: ['Voorstraat 12A', '3311 AB  DORDRECHT'] };
const mother: PersonFacts = { id: 'p2', role: 'gezagdrager', name: 'M. Bakker', firstNames: 'Maria', lastName: 'Bakker', salutation: 'Geachte mevrouw Bakker', addressLines: ['Singel 210', '3311 KV  DORDRECHT'] };

const state = {
  caseId: 'case-M-2026-0001',
  dateOfBirth: '2012-03-04',
  meldingen: [{ meldingId: 'M-2026-0001', kind: 'zestien-uur', gemeente: 'GM0505', reportDate: '2026-11-20', startDate: '2026-10-23', endDate: '2026-11-19', hoursAbsent: 18, receivedAt: '2026-11-20T10:00:00Z', recidive: false }],
  hoorgesprek: { invitations: [{ plannedFor: '2026-12-08T09:30:00Z', withYouth: true, withParents: true, location: 'Stadskantoor', invitedAt: '2026-11-25T10:00:00Z', outcome: 'gehouden' }], summary: 'Sem vindt de lessen saai; ouders werken mee.', refusedToCooperate: false },
  judgement: { verdict: 'ongeoorloofd', reasoning: 'Geen geldige reden voor het verzuim.', helpInvolved: [], helpNeeded: ['jeugdhulp'], decidedAt: '2026-12-09T10:00:00Z', by: 'lpa-anna' },
  routes: [],
} as unknown as CaseState;

const ctx = (over: Partial<LetterContext> = {}): LetterContext => ({
  kind: 'uitnodiging-hoorgesprek',
  details: { plannedFor: '2026-12-08T09:30:00Z', location: 'Stadskantoor, Spuiboulevard 300, Dordrecht' },
  state,
  youth,
  gezagdragers: [father, mother],
  recipient: { kind: 'person', person: mother },
  consultant: { name: 'Anna Jansen', function: 'leerplichtambtenaar', phone: '078 770 8123', email: 'a.jansen@lvs.example' },
  schoolName: 'Testcollege Dordrecht',
  organisation: DEFAULT_LETTER_SETTINGS.organisation,
  now: '2026-11-25T10:00:00Z',
  ...over,
});

describe('letter templates', () => {
  test.each(LetterKind.options)('the default text of %s names only placeholders it can fill', (kind) => {
    const t = DEFAULT_TEMPLATES[kind];
    expect(checkPlaceholders(kind, [{ path: 'subject', text: t.subject }, ...t.paragraphs.map((text, i) => ({ path: `paragraphs.${i}`, text }))])).toEqual([]);
  });

  test('an unknown placeholder, or one of another letter kind, is reported with its field', () => {
    const problems = checkPlaceholders('afsluitbrief', [
      { path: 'subject', text: 'Afsluiting {{jeugdige.naam}}' },
      { path: 'paragraphs.0', text: 'Op {{hoorgesprek.datum}} bij {{jeugdige.schoenmaat}}' },
      { path: 'paragraphs.1', text: 'Kapot {{jeugdige.naam}' },
    ]);
    expect(problems).toEqual([
      { path: 'paragraphs.0', message: expect.stringContaining('unknown placeholder {{hoorgesprek.datum}} for afsluitbrief') },
      { path: 'paragraphs.0', message: expect.stringContaining('unknown placeholder {{jeugdige.schoenmaat}}') },
      { path: 'paragraphs.1', message: 'unbalanced {{ }} in the text' },
    ]);
    expect(placeholdersIn('a {{ x.y }} b {{z}}')).toEqual(['x.y', 'z']);
  });

  test('a letter is filled with the case facts and addressed to its recipient', () => {
    const letter = composeLetter(DEFAULT_TEMPLATES['uitnodiging-hoorgesprek'], DEFAULT_LETTER_SETTINGS, ctx());
    expect(letter.missing).toEqual([]);
    expect(letter.recipientBlock).toEqual(['M. Bakker', 'Singel 210', '3311 KV  DORDRECHT']);
    const text = letter.paragraphs.join('\n');
    expect(letter.paragraphs[0]).toBe('Geachte mevrouw Bakker,');
    expect(text).toContain('Sem Johannes de Vries (geboren 4 maart 2012)');
    expect(text).toContain('23 oktober 2026 tot en met 19 november 2026 18 uur');
    expect(text).toContain('dinsdag 8 december 2026 om 10:30 uur'); // 09:30 UTC is 10:30 in Dordrecht
    expect(letter.signature).toEqual(['Anna Jansen', 'leerplichtambtenaar']);
  });

  test('a fact the case lacks shows as [name] and is listed as missing; so is an address', () => {
    const noAddress = { ...mother, addressLines: [] };
    const letter = composeLetter(DEFAULT_TEMPLATES['uitnodiging-hoorgesprek'], DEFAULT_LETTER_SETTINGS, ctx({ consultant: undefined, recipient: { kind: 'person', person: noAddress } }));
    expect(letter.missing).toEqual(['consulent.email', 'consulent.functie', 'consulent.naam', 'consulent.telefoon', 'ontvanger.adres']);
    expect(letter.signature).toEqual(['[consulent.naam]', '[consulent.functie]']);
  });

  test('the proces-verbaal concept carries the facts, the hours and what was done', () => {
    const pv = composeLetter(
      DEFAULT_TEMPLATES['proces-verbaal-concept'],
      DEFAULT_LETTER_SETTINGS,
      ctx({ kind: 'proces-verbaal-concept', details: { organisation: 'openbaar-ministerie', against: ['ouders'] }, recipient: { kind: 'organisation', ...DEFAULT_LETTER_SETTINGS.organisations['openbaar-ministerie'] } }),
    );
    const text = pv.paragraphs.join('\n');
    expect(pv.missing).toEqual([]);
    expect(text).toContain('de gezagdragers (Johannes Pieter de Vries en Maria Bakker)');
    expect(text).toContain('- melding M-2026-0001: relatief verzuim (16-uursmelding), 23 oktober 2026 tot en met 19 november 2026, 18 uur');
    expect(text).toContain('- 25 november 2026: uitgenodigd voor hoorgesprek op 8 december 2026: gehouden');
    expect(text).toContain('- 9 december 2026: beoordeling: ongeoorloofd verzuim');
    expect(text).toContain('Sem vindt de lessen saai');
  });
});

describe('letter PDF', () => {
  test('is tagged, embeds its fonts, and its text reads back', async () => {
    const letter = composeLetter(DEFAULT_TEMPLATES['uitnodiging-hoorgesprek'], DEFAULT_LETTER_SETTINGS, ctx());
    const { pdf, pages } = await renderLetterPdf(letter, new Date('2026-11-25T10:00:00Z'));
    expect(pages).toBe(1);
    const raw = pdf.toString('latin1');
    expect(raw).toMatch(/\/StructTreeRoot/);
    expect(raw).toMatch(/\/Marked true/);
    expect(raw).toMatch(/\/Lang \(nl-NL\)/);
    expect(raw).toMatch(/\/FontFile2/); // TrueType embedded
    expect(raw).not.toMatch(/\/BaseFont \/Helvetica/);
    const text = pdfText(pdf);
    expect(text).toContain('M. Bakker');
    expect(text).toContain('Singel 210');
    expect(text).toContain('Sem Johannes de Vries');
    expect(text).toContain('Anna Jansen');
    expect(text).toContain('dinsdag 8 december 2026 om 10:30 uur');
  });

  test('letters rendered one after another in a process share no state: each comes out the same alone or after others', async () => {
    // The fonts are parsed once per process and shared by every document (platform/letter-pdf.ts):
    // a glyph subset that leaked from one letter into the next would change the second's bytes.
    const at = new Date('2026-11-25T10:00:00Z');
    const invitation = composeLetter(DEFAULT_TEMPLATES['uitnodiging-hoorgesprek'], DEFAULT_LETTER_SETTINGS, ctx());
    const pv = composeLetter(
      DEFAULT_TEMPLATES['proces-verbaal-concept'],
      DEFAULT_LETTER_SETTINGS,
      ctx({ kind: 'proces-verbaal-concept', details: { organisation: 'openbaar-ministerie', against: ['ouders'] }, recipient: { kind: 'organisation', ...DEFAULT_LETTER_SETTINGS.organisations['openbaar-ministerie'] } }),
    );
    const first = (await renderLetterPdf(invitation, at)).pdf;
    const other = (await renderLetterPdf(pv, at)).pdf;
    const again = (await renderLetterPdf(invitation, at)).pdf;
    expect(other.equals(first)).toBe(false);
    expect(again.equals(first)).toBe(true);
    expect(pdfText(again)).toContain('Sem Johannes de Vries');
  });
});
