import fs from 'node:fs';
import path from 'node:path';
import { CASE_ACTIONS } from '../../domain/actions/case';
import { SIGNAL_ACTIONS } from '../../domain/actions/early-signal';
import { MeldingSchema } from '../../domain/melding';
import { apiError } from '../../web/api-client';
import { API_ERRORS_NL, dutchFields, errorText, ruleText, schemaMessageText } from '../../web/messages';

/**
 * Every refusal the domain or the API can produce has a Dutch text for the pages (issue 17): a new
 * rule, phase conflict, error code or schema sentence without one fails here. The codes are read
 * from the action registry and from the sources themselves, so nothing has to be listed twice.
 */
const root = path.join(__dirname, '..', '..');
function sources(dir: string): { file: string; text: string }[] {
  return fs
    .readdirSync(path.join(root, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => ({ file: `${dir}/${f}`, text: fs.readFileSync(path.join(root, dir, f), 'utf8') }));
}
const all = (files: { file: string; text: string }[], re: RegExp, group = 1) => [...new Set(files.flatMap((f) => [...f.text.matchAll(re)].map((m) => m[group]!)))].sort();

const domain = sources('domain');
const api = sources('api');

/** Rule and refusal codes: violations, phase conflicts, schema issues with a code, dated events. */
const ruleCodes = [
  ...new Set([
    ...[...Object.values(CASE_ACTIONS), ...Object.values(SIGNAL_ACTIONS)].flatMap((a) => (a as { rules?: readonly { code: string }[] }).rules?.map((r) => r.code) ?? []),
    ...all(domain, /code: '([a-z0-9.-]+)'/g).filter((c) => c !== 'custom'),
    ...all(domain, /conflict\('([a-z0-9.-]+)'/g),
    ...all(domain, /issue\(\[[^\]]*\], '([a-z0-9.-]+)', /g),
    ...all(domain, /pastEvent\('([a-z0-9.-]+)'/g).flatMap((c) => [`${c}.future`, `${c}.past`]),
  ]),
].sort();

/** Error codes of the API's answers. */
const apiCodes = [...new Set([...all(api, /HttpError\(\d+, '([a-z0-9.-]+)'/g), ...all(sources('api/school'), /code: '([a-z0-9.-]+)'/g), ...all(api, /code: '([a-z0-9.-]+)', message/g)])].filter((c) => c !== 'custom').sort();

/** The schemas' own sentences: regex, refine and custom issues; `${…}` stands for a value. */
const sentence = String.raw`(['"\x60])((?:(?!\1).)+)\1`;
const routes = api.filter((f) => f.file.startsWith('api/routes/'));
const schemaFiles = [...domain, ...routes];
/** A violation's message (it has a code) is translated by its code, not by its sentence. */
const violationMessages = new Set(all(domain, new RegExp(String.raw`code: [^,\n]+,\s+message: ${sentence}`, 'g'), 2));
const sentences = [
  ...new Set(
    [
      ...all(schemaFiles, new RegExp(String.raw`\.regex\(/(?:[^/\\\n]|\\.)+/[a-z]*, ${sentence}\)`, 'g'), 2),
      ...all(schemaFiles, new RegExp(String.raw`\.refine\([^\n]*, ${sentence}\)`, 'g'), 2),
      ...all(domain, new RegExp(String.raw`(?:message|error): ${sentence}`, 'g'), 2),
      ...all(routes, new RegExp(String.raw`(?:refine|addIssue)\([^\n]*(?:message|error): ${sentence}`, 'g'), 2),
      ...all(routes, new RegExp(String.raw`path: [^\n]*?, message: ${sentence}`, 'g'), 2),
      ...all(domain, new RegExp(String.raw`issue\(\[[^\]]*\], ${sentence}\)`, 'g'), 2),
    // A violation's message, or one built on it (`${v.message} (Advice: …)`), goes by its code.
    ].filter((s) => !violationMessages.has(s) && !s.startsWith('${v.')),
  ),
].map((s) => s.replace(/\$\{[^}]*\}/g, '1'));

describe('Dutch texts for what the API refuses (web/messages.ts)', () => {
  test('the scan finds the codes and sentences it should (it can fail)', () => {
    expect(ruleCodes).toEqual(expect.arrayContaining(['hoorgesprek.youth-12', 'case.closed', 'melding.youth-identifier', 'thuiszitter-overleg.future', 'luxe.first-warning', 'signal.is-melding']));
    expect(apiCodes).toEqual(expect.arrayContaining(['forbidden', 'rule-violation', 'phase-conflict', 'melding-id-conflict', 'link-expired']));
    expect(sentences).toEqual(expect.arrayContaining(['must be 9 digits', 'closureReason is required when the case is closed', 'must be a date between 1 and 1']));
    expect(ruleText('made-up.rule')).toBeUndefined();
    expect(schemaMessageText('a sentence nobody wrote')).toBeUndefined();
  });

  test('every rule and refusal code the domain can produce has a Dutch text', () => {
    expect(ruleCodes.filter((c) => ruleText(c, 'The youth is 15, since 2026-01-05, from 2026-02-02; 3 and 4 and 5 and 6 and 7.') === undefined)).toEqual([]);
  });

  test('every error code of the API has a Dutch sentence', () => {
    expect(apiCodes.filter((c) => !API_ERRORS_NL[c])).toEqual([]);
  });

  test("every sentence of the schemas (regex, refine, custom issues) has a Dutch text", () => {
    expect(sentences.filter((s) => schemaMessageText(s) === undefined)).toEqual([]);
  });

  test('field messages come out Dutch: zod issues, schema sentences, and a fallback that names nothing in English', () => {
    const input = { meldingId: 'm 1', kind: 'zestien-uur', reportDate: '2026-11-20', youth: { bsn: '123456789', firstName: 'Sem' }, melder: { email: 'geen-adres' } };
    const fields = ['meldingId', 'youth.bsn', 'youth.lastName', 'gemeente', 'melder.email', 'elsewhere'].map((p) => ({ path: p, message: 'Invalid input: expected string, received undefined' }));
    const dutch = Object.fromEntries(dutchFields(fields, { schema: MeldingSchema, input }).map((f) => [f.path, f.message]));
    expect(dutch).toEqual({
      meldingId: 'Gebruik 1 tot 64 letters, cijfers, - of _.',
      'youth.bsn': 'Dit is geen geldig BSN (elfproef).',
      'youth.lastName': 'Vul dit veld in.',
      gemeente: 'Vul dit veld in.',
      'melder.email': 'Vul een geldig e-mailadres in, zoals naam@school.nl.',
      elsewhere: 'Deze waarde is niet geldig.',
    });
  });

  test('an error answer reads Dutch: its sentence by code, a refusal by its reason, each rule by its code', () => {
    const answer = (status: number, error: object) => ({ status, body: { error }, headers: new Headers() });
    expect(apiError(answer(403, { code: 'forbidden', message: 'a school may only report its own pupils' })).message).toMatch(/eigen leerlingen/);
    expect(apiError(answer(403, { code: 'forbidden', message: 'gemeente GM0590 is outside your region' })).message).toBe('Gemeente GM0590 valt buiten uw regio.');
    const refused = apiError(answer(422, { code: 'rule-violation', message: 'hoorgesprek.youth-12', violations: [{ code: 'hoorgesprek.youth-12', message: 'A youth of 12 or older is invited to the hoorgesprek too.', severity: 'refuse' }, { code: 'new.rule', message: 'English', severity: 'refuse' }] }));
    expect(refused.message).toBe('Een regel staat deze stap niet toe.');
    expect(refused.violations!.map((v) => v.message)).toEqual(['Een jongere van 12 jaar of ouder wordt ook uitgenodigd voor het hoorgesprek (Leerplichtwet art. 2 lid 3).', 'Een regel staat deze stap niet toe.']);
    expect(apiError({ status: 502, body: 'Bad gateway', headers: new Headers() }).message).toBe(API_ERRORS_NL.unavailable);
    expect(errorText({ code: 'something-new', message: 'x' }, 409)).toBe('Het verzoek is niet uitgevoerd.');
    expect(ruleText('thuiszitter.too-short', 'A thuiszitter is 4 weeks or more not at school; at home since 2026-01-05, that is from 2026-02-02.')).toBe('Een thuiszitter is 4 weken of langer niet op school; thuis sinds 5 januari 2026 is dat vanaf 2 februari 2026.');
  });
});
