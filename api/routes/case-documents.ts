import { Router } from 'express';
import type { Transporter } from 'nodemailer';
import { z } from 'zod';
import type { CaseState } from '../../domain/case/state';
import { LETTER_KIND_LABELS, type LetterKind } from '../../domain/letters/kinds';
import type { LetterService } from '../../activities/letters';
import type { PersonsRegister } from '../../activities/persons';
import { BrpError } from '../../activities/persons-brp';
import type { Db } from '../../prisma/client';
import { actorOf } from '../actor';
import { HttpError, notFound, parseOr400 } from '../errors';
import { CaseId } from './cases';

export const DocumentId = z.uuid();
const PersonId = z.uuid();
const line = z.string().trim().min(1).max(200);

export const CorrectPersonInput = z
  .object({
    addressLines: z.array(line).min(1).max(4).optional(),
    email: z.email().max(200).nullable().optional(),
    reason: z.string().trim().min(3).max(1000),
  })
  .strict()
  .refine((v) => v.addressLines !== undefined || v.email !== undefined, { message: 'give addressLines and/or email', path: ['addressLines'] });

export const AddPersonInput = z
  .object({
    role: z.literal('gezagdrager'),
    name: line,
    lastName: line,
    firstNames: line.optional(),
    salutation: line.optional(),
    addressLines: z.array(line).max(4).default([]),
    email: z.email().max(200).optional(),
    reason: z.string().trim().min(3).max(1000),
  })
  .strict();

export const MarkSentInput = z.object({ channel: z.literal('post'), note: z.string().max(500).optional() }).strict();
export const SendEmailInput = z.object({ to: z.email().max(200).optional() }).strict();

type Deps = { prisma: Db; persons: PersonsRegister; letters: LetterService; mailer?: Transporter; mailFrom?: string };

const personView = (p: Awaited<ReturnType<PersonsRegister['casePersons']>>[number]) => ({
  id: p.id,
  role: p.role,
  source: p.source,
  name: p.name,
  firstNames: p.firstNames,
  lastName: p.lastName,
  salutation: p.salutation,
  dateOfBirth: p.dateOfBirth,
  addressLines: p.addressLines,
  addressSource: p.addressSource,
  addressNote: p.addressNote,
  email: p.email,
});

type DocumentRow = Awaited<ReturnType<Db['caseDocument']['findMany']>>[number];
const documentView = (d: Omit<DocumentRow, 'pdf'>) => ({
  id: d.id,
  caseId: d.caseId,
  kind: d.kind,
  kindLabel: LETTER_KIND_LABELS[d.kind as LetterKind] ?? d.kind,
  title: d.title,
  recipient: { kind: d.recipientKind, personId: d.personId, name: d.recipientName },
  status: d.status,
  missing: d.missing,
  pages: d.pages,
  contentHash: d.contentHash,
  templateVersion: d.templateVersion,
  createdAt: d.createdAt,
  sent: d.sentAt ? { at: d.sentAt, by: d.sentBy, channel: d.sentChannel, to: d.sentTo } : null,
  href: `/api/documents/${d.id}`,
});

const BRP_DOWN = (err: unknown) => (err instanceof BrpError ? new HttpError(503, 'brp-unavailable', `the persons register (BRP) could not answer: ${err.message}`) : err);

function parseCaseId(raw: string): string {
  const parsed = CaseId.safeParse(raw);
  if (!parsed.success) throw notFound('case');
  return parsed.data;
}

/**
 * The persons of a case (BRP, corrected by the consultant) and its documents (the letters its
 * effects made): list, download (access-logged by the route table), mark sent, send by e-mail.
 */
export function caseDocumentsRouter(deps: Deps): Router {
  const { prisma, persons, letters } = deps;
  const r = Router();

  r.get('/cases/:caseId/persons', async (req, res) => {
    const caseId = parseCaseId(req.params.caseId);
    const rows = await persons.casePersons(caseId).catch((err: unknown) => {
      throw BRP_DOWN(err);
    });
    res.json({ caseId, items: rows.map(personView) });
  });

  r.post('/cases/:caseId/persons', async (req, res) => {
    const caseId = parseCaseId(req.params.caseId);
    const input = parseOr400(AddPersonInput, req.body);
    const row = await persons.addPerson(caseId, input, actorOf(req));
    res.status(201).json(personView(row));
  });

  r.put('/cases/:caseId/persons/:personId', async (req, res) => {
    const caseId = parseCaseId(req.params.caseId);
    const personId = PersonId.safeParse(req.params.personId);
    if (!personId.success) throw notFound('person');
    const input = parseOr400(CorrectPersonInput, req.body);
    const row = await persons.correctPerson(caseId, personId.data, input, actorOf(req));
    if (!row) throw notFound('person');
    res.json(personView(row));
  });

  r.get('/cases/:caseId/documents', async (req, res) => {
    const caseId = parseCaseId(req.params.caseId);
    const rows = await prisma.caseDocument.findMany({ where: { caseId }, omit: { pdf: true }, orderBy: [{ createdAt: 'asc' }, { key: 'asc' }] });
    res.json({ caseId, items: rows.map(documentView) });
  });

  async function documentOr404(raw: string, withPdf = false) {
    const id = DocumentId.safeParse(raw);
    if (!id.success) throw notFound('document');
    const doc = await prisma.caseDocument.findUnique({ where: { id: id.data }, omit: { pdf: !withPdf } });
    if (!doc) throw notFound('document');
    return doc;
  }

  r.get('/documents/:documentId', async (req, res) => {
    const doc = await documentOr404(req.params.documentId, true);
    if (req.query.format === 'json') {
      const { pdf: _pdf, ...meta } = doc;
      res.json(documentView(meta));
      return;
    }
    res.setHeader('content-type', 'application/pdf');
    res.setHeader('content-disposition', `inline; filename="${doc.kind}-${doc.id.slice(0, 8)}.pdf"`);
    res.setHeader('cache-control', 'no-store');
    res.setHeader('etag', `"${doc.contentHash}"`);
    res.setHeader('x-content-sha256', doc.contentHash);
    res.end(Buffer.from(doc.pdf as Uint8Array));
  });

  r.post('/documents/:documentId/remake', async (req, res) => {
    const doc = await documentOr404(req.params.documentId);
    if (doc.status !== 'concept') throw new HttpError(409, 'document-sent', 'the letter was sent; a sent letter is never changed');
    const projection = await prisma.case.findUnique({ where: { id: doc.caseId }, select: { state: true } });
    if (!projection) throw new HttpError(409, 'case-not-projected', 'the case has no projection yet; try again in a moment');
    const updated = await letters.remake(doc.id, projection.state as unknown as CaseState).catch((err: unknown) => {
      throw BRP_DOWN(err);
    });
    if (!updated) throw new HttpError(409, 'recipient-gone', 'the recipient of this letter is no longer among the case persons');
    const { pdf: _pdf, ...meta } = updated;
    res.json(documentView(meta));
  });

  function refuseUnsendable(doc: { status: string; missing: string[] }) {
    if (doc.status !== 'concept') throw new HttpError(409, 'document-sent', 'the letter was sent before');
    if (doc.missing.length)
      throw new HttpError(409, 'document-incomplete', `the letter lacks: ${doc.missing.join(', ')}; complete the case's facts (e.g. the address) and remake it`, {
        missing: doc.missing,
      });
  }

  r.post('/documents/:documentId/sent', async (req, res) => {
    const input = parseOr400(MarkSentInput, req.body);
    const doc = await documentOr404(req.params.documentId);
    refuseUnsendable(doc);
    const person = doc.personId ? await prisma.casePerson.findUnique({ where: { id: doc.personId } }) : null;
    const to = person ? [person.name, ...person.addressLines].join(', ') : doc.recipientName;
    const updated = await markSent(prisma, doc.id, doc.caseId, 'concept', { channel: 'post', to, by: actorOf(req).id, note: input.note, kind: doc.kind });
    res.json(documentView(updated));
  });

  r.post('/documents/:documentId/send', async (req, res) => {
    const input = parseOr400(SendEmailInput, req.body);
    const doc = await documentOr404(req.params.documentId, true);
    refuseUnsendable(doc);
    const person = doc.personId ? await prisma.casePerson.findUnique({ where: { id: doc.personId } }) : null;
    const to = input.to ?? person?.email;
    if (!to) throw new HttpError(422, 'no-email-address', 'no e-mail address is known for the recipient: add it to the person, or give `to`', { fields: [{ path: 'to', message: 'required: the recipient has no e-mail address' }] });
    if (!deps.mailer) throw new HttpError(503, 'mail-unavailable', 'this API instance has no mailer');
    // The claim: only one request sends; a second finds the row and gets 409.
    const claimed = await prisma.caseDocument.updateMany({ where: { id: doc.id, status: 'concept' }, data: { status: 'verzenden' } });
    if (!claimed.count) throw new HttpError(409, 'document-sent', 'the letter is being sent or was sent before');
    try {
      await deps.mailer.sendMail({
        from: deps.mailFrom,
        to,
        subject: doc.title,
        text: `Bijgaand vindt u een brief van de leerplichtafdeling over uw kind (kenmerk ${doc.caseId}). Heeft u vragen, neem dan contact op met de leerplichtambtenaar; zijn gegevens staan in de brief.`,
        attachments: [{ filename: `${doc.kind}.pdf`, content: Buffer.from(doc.pdf as Uint8Array), contentType: 'application/pdf' }],
      });
    } catch (err) {
      await prisma.caseDocument.update({ where: { id: doc.id }, data: { status: 'concept' } });
      throw new HttpError(503, 'mail-failed', `the e-mail could not be sent: ${(err as Error).message}`);
    }
    const updated = await markSent(prisma, doc.id, doc.caseId, 'verzenden', { channel: 'email', to, by: actorOf(req).id, kind: doc.kind });
    res.json(documentView(updated));
  });

  return r;
}

/** Marks a letter sent and records it with the case's correspondence: which letter, to whom, when, how. */
async function markSent(prisma: Db, id: string, caseId: string, from: 'concept' | 'verzenden', s: { channel: 'post' | 'email'; to: string; by: string; note?: string; kind: string }) {
  const at = new Date();
  return prisma.$transaction(async (tx) => {
    const moved = await tx.caseDocument.updateMany({
      where: { id, status: from },
      data: { status: 'verzonden', sentAt: at, sentBy: s.by, sentChannel: s.channel, sentTo: s.to },
    });
    if (!moved.count) throw new HttpError(409, 'document-sent', 'the letter was sent before');
    const updated = await tx.caseDocument.findUniqueOrThrow({ where: { id }, omit: { pdf: true } });
    await tx.correspondence.create({
      data: { id: `document:${id}:verzonden`, caseId, kind: `brief-verzonden:${s.kind}`, details: { documentId: id, channel: s.channel, to: s.to, by: s.by, at: at.toISOString(), note: s.note ?? null } },
    });
    return updated;
  });
}
