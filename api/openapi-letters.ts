import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { LetterKind } from '../domain/letters/kinds';
import { LetterSettingsSchema } from '../domain/letters/settings';
import { AddPersonInput, CorrectPersonInput, MarkSentInput, SendEmailInput } from './routes/case-documents';
import { LetterTemplateInput, StaffMemberInput } from './routes/letter-templates';

const ErrorBody = z.object({
  error: z.object({ code: z.string(), message: z.string(), fields: z.array(z.object({ path: z.string(), message: z.string() })).optional() }),
});
const json = (schema: z.ZodType, description: string) => ({ description, content: { 'application/json': { schema } } });
const err = (description: string) => json(ErrorBody, description);
const caseParams = z.object({ caseId: z.string() });
const documentParams = z.object({ documentId: z.uuid() });
const regionParams = z.object({ regionId: z.string() });

/** Letters and the persons register (issue 13), from the same zod schemas the routes parse with. */
export function registerLetterPaths(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: 'get',
    path: '/api/cases/{caseId}/persons',
    summary: "The youth and the gezagdragers: from the BRP on first use, with the consultant's corrections",
    request: { params: caseParams },
    responses: { 200: { description: 'The persons' }, 404: err('Unknown case'), 503: err('The BRP could not answer') },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/cases/{caseId}/persons',
    summary: 'Add a gezagdrager the BRP does not know (audited)',
    request: { params: caseParams, body: json(AddPersonInput, 'The person and why') },
    responses: { 201: { description: 'Added' }, 400: err('Invalid input') },
  });
  registry.registerPath({
    method: 'put',
    path: '/api/cases/{caseId}/persons/{personId}',
    summary: "Correct or add a person's address or e-mail (audited with the reason)",
    request: { params: caseParams.extend({ personId: z.uuid() }), body: json(CorrectPersonInput, 'The new address and/or e-mail, and why') },
    responses: { 200: { description: 'Corrected' }, 400: err('Invalid input'), 404: err('Unknown case or person') },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/cases/{caseId}/documents',
    summary: 'The letters the case produced: kind, recipient, status, missing facts, content hash, sent to whom and when',
    request: { params: caseParams },
    responses: { 200: { description: 'The documents' }, 404: err('Unknown case') },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/documents/{documentId}',
    summary: 'Download (preview) a letter as PDF; `?format=json` gives its record (access-logged)',
    request: { params: documentParams, query: z.object({ format: z.enum(['json']).optional() }) },
    responses: { 200: { description: 'The PDF', content: { 'application/pdf': { schema: z.string() } } }, 404: err('Unknown document') },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/documents/{documentId}/remake',
    summary: 'Make a concept again from the case as it is now (after a corrected address or a changed template)',
    request: { params: documentParams },
    responses: { 200: { description: 'The new concept' }, 404: err('Unknown document'), 409: err('The letter was sent') },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/documents/{documentId}/sent',
    summary: 'Mark a letter sent by post',
    request: { params: documentParams, body: json(MarkSentInput, 'The channel') },
    responses: { 200: { description: 'Marked' }, 400: err('Invalid input'), 409: err('Sent before, or facts missing') },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/documents/{documentId}/send',
    summary: "Send a letter by e-mail (PDF attached) to the recipient's known address or `to`",
    request: { params: documentParams, body: json(SendEmailInput, 'Optionally the address') },
    responses: { 200: { description: 'Sent' }, 409: err('Sent before, or facts missing'), 422: err('No e-mail address known') },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/letter-templates/{regionId}',
    summary: "Every letter kind's text for a region, with the placeholders it may use",
    request: { params: regionParams },
    responses: { 200: { description: 'The templates' }, 404: err('Unknown region') },
  });
  registry.registerPath({
    method: 'put',
    path: '/api/letter-templates/{regionId}/{kind}',
    summary: "Change a letter kind's text for a region (422 on an unknown placeholder)",
    request: { params: regionParams.extend({ kind: LetterKind }), body: json(LetterTemplateInput, 'Subject and paragraphs with {{placeholders}}') },
    responses: { 200: { description: 'Saved' }, 400: err('Invalid input'), 404: err('Unknown region or kind'), 422: err('Unknown placeholder') },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/letter-settings/{regionId}',
    summary: "A region's letterhead (sender, address, signature, partner addresses)",
    request: { params: regionParams },
    responses: { 200: { description: 'The settings' }, 404: err('Unknown region') },
  });
  registry.registerPath({
    method: 'put',
    path: '/api/letter-settings/{regionId}',
    summary: "Set a region's letterhead",
    request: { params: regionParams, body: json(LetterSettingsSchema, 'The letterhead') },
    responses: { 200: { description: 'Saved' }, 400: err('Invalid input'), 422: err('Unknown placeholder in the signature') },
  });
  registry.registerPath({ method: 'get', path: '/api/staff', summary: 'Staff as letters name them', responses: { 200: { description: 'The staff' } } });
  registry.registerPath({
    method: 'put',
    path: '/api/staff/{staffId}',
    summary: "Set a staff member's name, function and contact for letters (the id is the token's subject)",
    request: { params: z.object({ staffId: z.string() }), body: json(StaffMemberInput, 'Name, function, phone, e-mail') },
    responses: { 200: { description: 'Saved' }, 400: err('Invalid input') },
  });
}
