import { Router } from 'express';
import { z } from 'zod';
import { DEFAULT_TEMPLATES } from '../../domain/letters/default-templates';
import { LETTER_KIND_LABELS, LetterKind } from '../../domain/letters/kinds';
import { checkPlaceholders, COMMON_PLACEHOLDERS, knownPlaceholders, placeholdersIn } from '../../domain/letters/placeholders';
import { DEFAULT_LETTER_SETTINGS, LetterSettingsSchema } from '../../domain/letters/settings';
import type { Prisma } from '../../prisma/client';
import type { Db } from '../../prisma/client';
import { actorOf } from '../actor';
import { HttpError, notFound, parseOr400 } from '../errors';

const RegionId = z.string().regex(/^[a-z0-9-]{2,40}$/);
const StaffId = z.string().min(1).max(200);

export const LetterTemplateInput = z
  .object({
    subject: z.string().trim().min(1).max(300),
    paragraphs: z.array(z.string().trim().min(1).max(4000)).min(1).max(40),
  })
  .strict();

export const StaffMemberInput = z
  .object({
    name: z.string().trim().min(1).max(200),
    function: z.string().trim().min(1).max(200).default('leerplichtambtenaar'),
    phone: z.string().trim().min(6).max(40).optional(),
    email: z.email().max(200).optional(),
  })
  .strict();

/** A region must exist (a policy row) before it gets its own letters; the default region always does. */
async function requireRegion(prisma: Db, raw: string): Promise<string> {
  const id = RegionId.safeParse(raw);
  if (!id.success) throw notFound('region');
  if (id.data === 'zhz') return id.data;
  if (!(await prisma.regionPolicy.findUnique({ where: { regionId: id.data }, select: { regionId: true } }))) throw notFound('region');
  return id.data;
}

/**
 * The functional administrator's letters (issue 13): each letter kind's text per region (checked
 * placeholders, 422 on an unknown one), the region's letterhead, and the staff names letters print.
 */
export function letterTemplatesRouter({ prisma }: { prisma: Db }): Router {
  const r = Router();

  r.get('/letter-templates/:regionId', async (req, res) => {
    const regionId = await requireRegion(prisma, req.params.regionId);
    const rows = await prisma.letterTemplate.findMany({ where: { regionId } });
    res.json({
      regionId,
      items: LetterKind.options.map((kind) => {
        const row = rows.find((t) => t.kind === kind);
        return {
          kind,
          label: LETTER_KIND_LABELS[kind],
          subject: row?.subject ?? DEFAULT_TEMPLATES[kind].subject,
          paragraphs: row?.paragraphs ?? DEFAULT_TEMPLATES[kind].paragraphs,
          version: row?.version ?? 0,
          isDefault: !row,
          updatedAt: row?.updatedAt ?? null,
          updatedBy: row?.updatedBy ?? null,
          placeholders: knownPlaceholders(kind),
        };
      }),
    });
  });

  r.put('/letter-templates/:regionId/:kind', async (req, res) => {
    const regionId = await requireRegion(prisma, req.params.regionId);
    const kind = LetterKind.safeParse(req.params.kind);
    if (!kind.success) throw notFound('letter kind');
    const input = parseOr400(LetterTemplateInput, req.body);
    const problems = checkPlaceholders(kind.data, [{ path: 'subject', text: input.subject }, ...input.paragraphs.map((text, i) => ({ path: `paragraphs.${i}`, text }))]);
    if (problems.length) throw new HttpError(422, 'unknown-placeholder', 'the template names placeholders this letter cannot fill', { fields: problems });
    const by = actorOf(req).id;
    const row = await prisma.letterTemplate.upsert({
      where: { regionId_kind: { regionId, kind: kind.data } },
      create: { regionId, kind: kind.data, ...input, version: 1, updatedBy: by },
      update: { ...input, version: { increment: 1 }, updatedBy: by },
    });
    res.json({ kind: row.kind, regionId, subject: row.subject, paragraphs: row.paragraphs, version: row.version, updatedAt: row.updatedAt, updatedBy: row.updatedBy });
  });

  r.get('/letter-settings/:regionId', async (req, res) => {
    const regionId = await requireRegion(prisma, req.params.regionId);
    const row = await prisma.letterSettings.findUnique({ where: { regionId } });
    res.json({ regionId, settings: row?.settings ?? DEFAULT_LETTER_SETTINGS, isDefault: !row, updatedAt: row?.updatedAt ?? null });
  });

  r.put('/letter-settings/:regionId', async (req, res) => {
    const regionId = await requireRegion(prisma, req.params.regionId);
    const settings = parseOr400(LetterSettingsSchema, req.body);
    // The signature is on every letter: only the placeholders every kind knows.
    const problems = settings.signature.flatMap((text, i) =>
      placeholdersIn(text)
        .filter((name) => !(name in COMMON_PLACEHOLDERS))
        .map((name) => ({ path: `signature.${i}`, message: `unknown placeholder {{${name}}} for a signature; known: ${Object.keys(COMMON_PLACEHOLDERS).join(', ')}` })),
    );
    if (problems.length) throw new HttpError(422, 'unknown-placeholder', 'the signature names placeholders a letter cannot fill', { fields: problems });
    const by = actorOf(req).id;
    const json = settings as unknown as Prisma.InputJsonValue;
    await prisma.letterSettings.upsert({ where: { regionId }, create: { regionId, settings: json, updatedBy: by }, update: { settings: json, updatedBy: by } });
    res.json({ regionId, settings, isDefault: false });
  });

  r.get('/staff', async (_req, res) => {
    res.json({ items: await prisma.staffMember.findMany({ orderBy: { name: 'asc' } }) });
  });

  r.put('/staff/:staffId', async (req, res) => {
    const id = StaffId.safeParse(req.params.staffId);
    if (!id.success) throw notFound('staff member');
    const input = parseOr400(StaffMemberInput, req.body);
    const data = { name: input.name, function: input.function, phone: input.phone ?? null, email: input.email ?? null };
    res.json(await prisma.staffMember.upsert({ where: { id: id.data }, create: { id: id.data, ...data }, update: data }));
  });

  return r;
}
