import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { LetterKind } from '../domain/letters/kinds';
import { LetterSettingsSchema } from '../domain/letters/settings';
import { register } from './openapi';
import { AddPersonInput, CorrectPersonInput, MarkSentInput, SendEmailInput } from './routes/case-documents';
import { CaseId } from './routes/cases';
import { LetterTemplateInput, StaffMemberInput } from './routes/letter-templates';

const json = (schema: z.ZodType, description: string) => ({ description, content: { 'application/json': { schema } } });
const caseParams = z.object({ caseId: CaseId });
const documentParams = z.object({ documentId: z.uuid() });
const regionParams = z.object({ regionId: z.string() });

const Person = z
  .object({
    id: z.uuid(),
    role: z.enum(['jeugdige', 'gezagdrager']),
    source: z.enum(['brp', 'register', 'consultant']),
    name: z.string(),
    firstNames: z.string().nullable(),
    lastName: z.string(),
    salutation: z.string().nullable(),
    dateOfBirth: z.string().nullable(),
    addressLines: z.array(z.string()),
    addressSource: z.enum(['brp', 'consultant', 'onbekend']),
    addressNote: z.string().nullable(),
    email: z.string().nullable(),
  })
  .meta({ id: 'CasePerson' });

const Document = z
  .object({
    id: z.uuid(),
    caseId: z.string(),
    kind: LetterKind,
    kindLabel: z.string(),
    title: z.string(),
    recipient: z.object({ kind: z.enum(['person', 'organisation']), personId: z.uuid().nullable(), name: z.string() }),
    status: z.enum(['concept', 'verzenden', 'verzonden']),
    missing: z.array(z.string()).describe('placeholders the case had no value for; sending waits for them'),
    pages: z.number().int(),
    contentHash: z.string().describe('hex SHA-256 of the PDF'),
    templateVersion: z.number().int(),
    createdAt: z.string(),
    sent: z.object({ at: z.string(), by: z.string(), channel: z.enum(['post', 'email']), to: z.string() }).nullable(),
    href: z.string(),
  })
  .meta({ id: 'CaseDocument' });

const Template = z.object({
  kind: LetterKind,
  label: z.string(),
  subject: z.string(),
  paragraphs: z.array(z.string()),
  version: z.number().int(),
  isDefault: z.boolean(),
  placeholders: z.record(z.string(), z.string()),
});
const Staff = z.object({ id: z.string(), name: z.string(), function: z.string(), phone: z.string().nullable(), email: z.string().nullable() });

/** Letters and the persons register (issue 13), from the same zod schemas the routes parse with. */
export function registerLetterPaths(registry: OpenAPIRegistry): void {
  register(registry, {
    method: 'get',
    path: '/api/cases/{caseId}/persons',
    summary: "The youth and the gezagdragers: from the BRP on first use, with the consultant's corrections",
    params: caseParams,
    ok: { 200: json(z.object({ caseId: z.string(), items: z.array(Person) }), 'The persons') },
    errorTexts: { 404: 'Unknown case' },
  });
  register(registry, {
    method: 'post',
    path: '/api/cases/{caseId}/persons',
    summary: 'Add a gezagdrager the BRP does not know (audited with the reason)',
    params: caseParams,
    body: AddPersonInput,
    ok: { 201: json(Person, 'Added') },
  });
  register(registry, {
    method: 'put',
    path: '/api/cases/{caseId}/persons/{personId}',
    summary: "Correct or add a person's address or e-mail (audited with the reason)",
    params: caseParams.extend({ personId: z.uuid() }),
    body: CorrectPersonInput,
    ok: { 200: json(Person, 'Corrected') },
  });
  register(registry, {
    method: 'get',
    path: '/api/cases/{caseId}/documents',
    summary: 'The letters the case produced: kind, recipient, status, missing facts, content hash, sent to whom and when',
    params: caseParams,
    ok: { 200: json(z.object({ caseId: z.string(), items: z.array(Document) }), 'The documents') },
  });
  register(registry, {
    method: 'get',
    path: '/api/documents/{documentId}',
    summary: 'Download (preview) a letter as PDF; `?format=json` gives its record. Access-logged.',
    params: documentParams,
    query: z.object({ format: z.enum(['json']).optional() }),
    // A PDF or JSON answer: wider than the helper's answer types.
    ok: { 200: { description: 'The PDF, or its record', content: { 'application/pdf': { schema: z.string() }, 'application/json': { schema: Document } } } as unknown as ReturnType<typeof json> },
  });
  register(registry, {
    method: 'post',
    path: '/api/documents/{documentId}/remake',
    summary: 'Make a concept again from the case as it is now (after a corrected address or a changed template)',
    params: documentParams,
    ok: { 200: json(Document, 'The new concept') },
    errors: [409],
    errorTexts: { 409: 'The letter was sent' },
  });
  register(registry, {
    method: 'post',
    path: '/api/documents/{documentId}/sent',
    summary: 'Mark a letter sent by post',
    params: documentParams,
    body: MarkSentInput,
    ok: { 200: json(Document, 'Marked') },
    errors: [409],
    errorTexts: { 409: 'Sent before, or facts (such as the address) missing' },
  });
  register(registry, {
    method: 'post',
    path: '/api/documents/{documentId}/send',
    summary: "Send a letter by e-mail (PDF attached) to the recipient's known address or `to`",
    params: documentParams,
    body: SendEmailInput,
    ok: { 200: json(Document, 'Sent') },
    errors: [409, 422],
    errorTexts: { 409: 'Sent before, or facts missing', 422: 'No e-mail address known' },
  });
  register(registry, {
    method: 'get',
    path: '/api/letter-templates/{regionId}',
    summary: "Every letter kind's text for a region, with the placeholders it may use",
    params: regionParams,
    ok: { 200: json(z.object({ regionId: z.string(), items: z.array(Template) }), 'The templates') },
  });
  register(registry, {
    method: 'put',
    path: '/api/letter-templates/{regionId}/{kind}',
    summary: "Change a letter kind's text for a region; 422 names every unknown placeholder",
    params: regionParams.extend({ kind: LetterKind }),
    body: LetterTemplateInput,
    ok: { 200: json(Template.omit({ label: true, isDefault: true, placeholders: true }), 'Saved, with its new version') },
    errors: [422],
    errorTexts: { 422: 'An unknown placeholder (fields name where)' },
  });
  register(registry, {
    method: 'get',
    path: '/api/letter-settings/{regionId}',
    summary: "A region's letterhead (sender, address, signature, partner addresses)",
    params: regionParams,
    ok: { 200: json(z.object({ regionId: z.string(), settings: LetterSettingsSchema, isDefault: z.boolean() }), 'The letterhead') },
  });
  register(registry, {
    method: 'put',
    path: '/api/letter-settings/{regionId}',
    summary: "Set a region's letterhead",
    params: regionParams,
    body: LetterSettingsSchema,
    ok: { 200: json(z.object({ regionId: z.string(), settings: LetterSettingsSchema, isDefault: z.boolean() }), 'Saved') },
    errors: [422],
    errorTexts: { 422: 'An unknown placeholder in the signature' },
  });
  register(registry, { method: 'get', path: '/api/staff', summary: 'Staff as letters name them', ok: { 200: json(z.object({ items: z.array(Staff) }), 'The staff') } });
  register(registry, {
    method: 'put',
    path: '/api/staff/{staffId}',
    summary: "Set a staff member's name, function and contact for letters (the id is the token's subject)",
    params: z.object({ staffId: z.string() }),
    body: StaffMemberInput,
    ok: { 200: json(Staff, 'Saved') },
  });
}
