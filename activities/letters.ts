import { createHash } from 'node:crypto';
import type { CaseState } from '../domain/case/state';
import { composeLetter } from '../domain/letters/compose';
import { DEFAULT_TEMPLATES, type LetterTemplateText } from '../domain/letters/default-templates';
import type { PersonFacts, Recipient, StaffFacts } from '../domain/letters/facts';
import type { Addressee, LetterDetails, LetterKind } from '../domain/letters/kinds';
import { DEFAULT_LETTER_SETTINGS, LetterSettingsSchema, type LetterSettings } from '../domain/letters/settings';
import { renderLetterPdf } from '../platform/letter-pdf';
import type { Db, Prisma } from '../prisma/client';
import type { CasePersonRow, PersonsRegister } from './persons';

export type GenerateLettersInput = {
  /** The workflow effect's key (caseId:version:index): with the recipient, each letter's exactly-once key. */
  key: string;
  caseId: string;
  kind: LetterKind;
  to: Addressee[];
  details: LetterDetails;
  /** The case state when the effect runs: facts only (ids, dates, codes); persons come from the register. */
  state: CaseState;
};

const toFacts = (p: CasePersonRow): PersonFacts => ({
  id: p.id,
  role: p.role as PersonFacts['role'],
  name: p.name,
  firstNames: p.firstNames ?? undefined,
  lastName: p.lastName,
  salutation: p.salutation ?? undefined,
  dateOfBirth: p.dateOfBirth ?? undefined,
  addressLines: p.addressLines,
  email: p.email ?? undefined,
});

type Target = { recipientKey: string; recipient: Recipient; personId?: string };

/**
 * Letters as PDF from the region's templates (issue 13): made by the case's effects, once per effect
 * key and recipient, stored with their SHA-256 as concepts the consultant previews and then sends.
 */
export function createLetterService({ prisma, persons }: { prisma: Db; persons: PersonsRegister }) {
  async function regionText(regionId: string, kind: LetterKind): Promise<{ template: LetterTemplateText; version: number; settings: LetterSettings }> {
    const [row, settingsRow] = await Promise.all([
      prisma.letterTemplate.findUnique({ where: { regionId_kind: { regionId, kind } } }),
      prisma.letterSettings.findUnique({ where: { regionId } }),
    ]);
    const parsed = settingsRow ? LetterSettingsSchema.safeParse(settingsRow.settings) : null;
    return {
      template: row ? { subject: row.subject, paragraphs: row.paragraphs } : DEFAULT_TEMPLATES[kind],
      version: row?.version ?? 0,
      settings: parsed?.success ? parsed.data : DEFAULT_LETTER_SETTINGS,
    };
  }

  async function caseContext(caseId: string, state: CaseState) {
    const people = (await persons.casePersons(caseId)).map(toFacts);
    // The case's consultant; a case nobody is assigned to yet is signed by who acted last (a consultant or team lead).
    const acting = state.lastActor && ['consultant', 'teamlead'].includes(state.lastActor.role) ? state.lastActor.id : undefined;
    const signer = state.consultantId ?? acting;
    const staff = signer ? await prisma.staffMember.findUnique({ where: { id: signer } }) : null;
    const consultant: StaffFacts | undefined = staff ? { name: staff.name, function: staff.function, phone: staff.phone ?? undefined, email: staff.email ?? undefined } : undefined;
    const melding = await prisma.melding.findFirst({ where: { caseId }, orderBy: { receivedAt: 'desc' }, select: { payload: true } });
    const schoolName = (melding?.payload as { school?: { name?: string } } | null)?.school?.name;
    return { youth: people.find((p) => p.role === 'jeugdige'), gezagdragers: people.filter((p) => p.role === 'gezagdrager'), consultant, schoolName };
  }

  function targets(to: Addressee[], details: LetterDetails, ctx: Awaited<ReturnType<typeof caseContext>>, settings: LetterSettings): Target[] {
    const out: Target[] = [];
    for (const a of to) {
      if (a === 'gezagdragers') {
        for (const p of ctx.gezagdragers) out.push({ recipientKey: p.id, recipient: { kind: 'person', person: p }, personId: p.id });
        // Gezagdragers unknown (no BRP answer yet): one letter to the parents at the youth's address.
        if (!ctx.gezagdragers.length && ctx.youth) {
          const name = `De ouder(s)/verzorger(s) van ${[ctx.youth.firstNames, ctx.youth.lastName].filter(Boolean).join(' ')}`;
          out.push({ recipientKey: 'ouders', recipient: { kind: 'person', person: { ...ctx.youth, id: 'ouders', role: 'gezagdrager', name, salutation: 'Geachte ouder(s)/verzorger(s)' } } });
        }
      } else if (a === 'jeugdige' && ctx.youth) {
        out.push({ recipientKey: ctx.youth.id, recipient: { kind: 'person', person: ctx.youth }, personId: ctx.youth.id });
      } else if (a === 'organisatie' && details.organisation) {
        const org = settings.organisations[details.organisation];
        out.push({ recipientKey: `org:${details.organisation}`, recipient: { kind: 'organisation', name: org.name, addressLines: org.addressLines } });
      }
    }
    return out;
  }

  async function make(kind: LetterKind, details: LetterDetails, state: CaseState, target: Target, ctx: Awaited<ReturnType<typeof caseContext>>, region: Awaited<ReturnType<typeof regionText>>, now: Date) {
    const composed = composeLetter(region.template, region.settings, {
      kind,
      details,
      state,
      ...ctx,
      recipient: target.recipient,
      organisation: region.settings.organisation,
      now: now.toISOString(),
    });
    const { pdf, pages } = await renderLetterPdf(composed, now);
    return { composed, pdf, pages, contentHash: createHash('sha256').update(pdf).digest('hex') };
  }

  return {
    /** The activity: every letter an effect asks for, each stored once (a retry finds them and skips). */
    async generateLetters(input: GenerateLettersInput): Promise<{ documentIds: string[] }> {
      const region = await regionText(input.state.policy.regionId, input.kind);
      const ctx = await caseContext(input.caseId, input.state);
      const ids: string[] = [];
      for (const target of targets(input.to, input.details, ctx, region.settings)) {
        const key = `${input.key}:${target.recipientKey}`;
        const existing = await prisma.caseDocument.findUnique({ where: { key }, select: { id: true } });
        if (existing) {
          ids.push(existing.id);
          continue;
        }
        const now = new Date();
        const letter = await make(input.kind, input.details, input.state, target, ctx, region, now);
        await prisma.caseDocument.createMany({
          data: [
            {
              caseId: input.caseId,
              key,
              effectKey: input.key,
              kind: input.kind,
              recipientKind: target.recipient.kind,
              personId: target.personId ?? null,
              recipientName: letter.composed.recipientBlock[0]!,
              title: letter.composed.subject,
              pdf: new Uint8Array(letter.pdf),
              contentHash: letter.contentHash,
              pages: letter.pages,
              missing: letter.composed.missing,
              templateVersion: region.version,
              details: { ...input.details, to: input.to, recipientKey: target.recipientKey } as Prisma.InputJsonValue,
              createdAt: now,
            },
          ],
          skipDuplicates: true, // a concurrent attempt stored it first: its letter stands
        });
        ids.push((await prisma.caseDocument.findUniqueOrThrow({ where: { key }, select: { id: true } })).id);
      }
      return { documentIds: ids };
    },

    /**
     * A concept made again from the case as it is now (after the consultant corrected an address or
     * the administrator changed the template): same key, new content and hash. Sent letters stay.
     */
    async remake(documentId: string, state: CaseState) {
      const doc = await prisma.caseDocument.findUniqueOrThrow({ where: { id: documentId } });
      const details = doc.details as LetterDetails & { to: Addressee[]; recipientKey: string };
      const kind = doc.kind as LetterKind;
      const region = await regionText(state.policy.regionId, kind);
      const ctx = await caseContext(doc.caseId, state);
      const target = targets(details.to, details, ctx, region.settings).find((t) => t.recipientKey === details.recipientKey);
      if (!target) return null;
      const now = new Date();
      const letter = await make(kind, details, state, target, ctx, region, now);
      return prisma.caseDocument.update({
        where: { id: documentId, status: 'concept' },
        data: {
          recipientName: letter.composed.recipientBlock[0]!,
          title: letter.composed.subject,
          pdf: new Uint8Array(letter.pdf),
          contentHash: letter.contentHash,
          pages: letter.pages,
          missing: letter.composed.missing,
          templateVersion: region.version,
        },
      });
    },
  };
}

export type LetterService = ReturnType<typeof createLetterService>;
