/**
 * Renders one sample of every letter kind with the default templates and letterhead, as PDF and as a
 * PNG of its first page (pdftoppm from poppler-utils: `apt-get install -y poppler-utils`), into
 * docs/letters/: the pictures the README shows. The sample family and case are made up.
 *
 *   npm run docs:letters
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CaseState } from '../domain/case/state';
import { composeLetter } from '../domain/letters/compose';
import { DEFAULT_TEMPLATES } from '../domain/letters/default-templates';
import type { LetterContext, PersonFacts, Recipient } from '../domain/letters/facts';
import { LetterKind, type LetterDetails } from '../domain/letters/kinds';
import { DEFAULT_LETTER_SETTINGS } from '../domain/letters/settings';
import { renderLetterPdf } from '../platform/letter-pdf';

const out = path.resolve(__dirname, '..', 'docs', 'letters');
const youth: PersonFacts = { id: 'y', role: 'jeugdige', name: 'S.J. de Vries', firstNames: 'Sem Johannes', lastName: 'de Vries', dateOfBirth: '2012-03-04', addressLines: ['Voorstraat 12A', '3311 AB  DORDRECHT'] };
const father: PersonFacts = { id: 'f', role: 'gezagdrager', name: 'J.P. de Vries', firstNames: 'Johannes Pieter', lastName: 'de Vries', salutation: 'Geachte heer De Vries', addressLines: ['Voorstraat 12A', '3311 AB  DORDRECHT'] };
const mother: PersonFacts = { id: 'm', role: 'gezagdrager', name: 'M. Bakker', firstNames: 'Maria', lastName: 'Bakker', salutation: 'Geachte mevrouw Bakker', addressLines: ['Singel 210', '3311 KV  DORDRECHT'] };

const state = {
  caseId: 'case-M-2026-0001',
  dateOfBirth: '2012-03-04',
  meldingen: [{ meldingId: 'M-2026-0001', kind: 'zestien-uur', gemeente: 'GM0505', reportDate: '2026-11-20', startDate: '2026-10-23', endDate: '2026-11-19', hoursAbsent: 18, receivedAt: '2026-11-20T10:00:00Z', recidive: false }],
  schoolRequest: { requestId: 'r1', requestedAt: '2026-11-20T10:01:00Z', dueAt: '2026-11-27T16:00:00Z', remindersSent: 0, answeredAt: '2026-11-24T09:00:00Z' },
  hoorgesprek: { invitations: [{ plannedFor: '2026-12-08T09:30:00Z', withYouth: true, withParents: true, location: 'Stadskantoor, Spuiboulevard 300, Dordrecht', invitedAt: '2026-11-25T10:00:00Z', outcome: 'gehouden' }], summary: 'Sem vindt de lessen saai en slaapt slecht; de ouders willen meewerken.', refusedToCooperate: false },
  judgement: { verdict: 'ongeoorloofd', reasoning: 'Er is geen geldige reden voor het verzuim.', helpInvolved: ['schoolmaatschappelijk werk'], helpNeeded: ['jeugdteam'], decidedAt: '2026-12-09T10:00:00Z', by: 'lpa-anna' },
  routes: [{ kind: 'waarschuwing', status: 'afgerond', startedAt: '2026-12-10T10:00:00Z', details: {}, steps: [], outcome: 'uitgereikt', completedAt: '2026-12-10T11:00:00Z' }],
} as unknown as CaseState;

const now = '2026-12-10T11:00:00Z';
const family = (person: PersonFacts): Recipient => ({ kind: 'person', person });
const org = (key: keyof typeof DEFAULT_LETTER_SETTINGS.organisations): Recipient => ({ kind: 'organisation', ...DEFAULT_LETTER_SETTINGS.organisations[key] });
const samples: Record<LetterKind, { details: LetterDetails; recipient: Recipient }> = {
  'uitnodiging-hoorgesprek': { details: { plannedFor: '2026-12-08T09:30:00Z', location: 'Stadskantoor, Spuiboulevard 300, Dordrecht' }, recipient: family(father) },
  'verzetting-hoorgesprek': { details: { plannedFor: '2026-12-15T13:00:00Z', location: 'Stadskantoor, Spuiboulevard 300, Dordrecht', previousPlannedFor: '2026-12-08T09:30:00Z' }, recipient: family(mother) },
  'annulering-hoorgesprek': { details: { previousPlannedFor: '2026-12-08T09:30:00Z', reason: 'de ouders zijn op die dag verhinderd' }, recipient: family(father) },
  'officiele-waarschuwing': { details: { at: now, monitoringFrom: now, monitoringUntil: '2027-03-04T11:00:00Z' }, recipient: family(mother) },
  'verwijzing-halt': { details: { at: now }, recipient: family(youth) },
  'aanmelding-jeugdbeschermingstafel': { details: { organisation: 'jeugdbeschermingstafel', at: now }, recipient: org('jeugdbeschermingstafel') },
  'melding-raad-voor-de-kinderbescherming': { details: { organisation: 'raad-voor-de-kinderbescherming', at: now }, recipient: org('raad-voor-de-kinderbescherming') },
  'proces-verbaal-concept': { details: { organisation: 'openbaar-ministerie', against: ['ouders'], at: now }, recipient: org('openbaar-ministerie') },
  afsluitbrief: { details: { closureReason: 'afgerond-na-route', at: '2027-03-04T11:00:00Z' }, recipient: family(father) },
};

async function main() {
  fs.mkdirSync(out, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'letters-'));
  for (const kind of LetterKind.options) {
    const ctx: LetterContext = {
      kind,
      ...samples[kind],
      state,
      youth,
      gezagdragers: [father, mother],
      consultant: { name: 'Anna Jansen', function: 'leerplichtambtenaar', phone: '078 770 8123', email: 'a.jansen@lvs-zhz.example' },
      schoolName: 'Testcollege Dordrecht',
      organisation: DEFAULT_LETTER_SETTINGS.organisation,
      now,
    };
    const letter = composeLetter(DEFAULT_TEMPLATES[kind], DEFAULT_LETTER_SETTINGS, ctx);
    if (letter.missing.length) throw new Error(`${kind}: the sample lacks ${letter.missing.join(', ')}`);
    const { pdf } = await renderLetterPdf(letter, new Date(now));
    const pdfFile = path.join(tmp, `${kind}.pdf`);
    fs.writeFileSync(pdfFile, pdf);
    try {
      execFileSync('pdftoppm', ['-png', '-f', '1', '-l', '1', '-singlefile', '-scale-to', '560', pdfFile, path.join(out, kind)]);
    } catch (err) {
      throw new Error(`pdftoppm failed (apt-get install -y poppler-utils): ${(err as Error).message}`);
    }
    process.stdout.write(`docs/letters/${kind}.png\n`);
  }
  fs.rmSync(tmp, { recursive: true, force: true });
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
