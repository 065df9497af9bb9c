import { randomBytes } from 'node:crypto';
import express from 'express';
import pino from 'pino';
import request from 'supertest';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import type { RequestHandler } from 'express';
import { errorHandler, HttpError, notFoundHandler } from '../../api/errors';
import { codecRouter } from '../../api/routes/codec';
import { EncryptionCodec } from '../../platform/payload-codec';

/** The codec endpoint for the Temporal Web UI, on an express app of its own (no servers needed). */
const UI = 'http://localhost:8233';
const log = pino({ level: 'silent' });
const codec = new EncryptionCodec({ currentKeyId: 'k1', keys: new Map([['k1', randomBytes(32)]]) });
// The router takes its authentication as a parameter: a stand-in for the bearer-token check here.
const headerAuth: RequestHandler = (req, _res, next) => {
  const role = req.header('x-actor-role');
  if (!role) return next(new HttpError(401, 'unauthenticated', 'send a bearer token'));
  (req as unknown as { principal: object }).principal = { id: req.header('x-actor-id'), role, gemeenten: (req.header('x-actor-gemeenten') ?? 'GM0505').split(',') };
  next();
};
const app = express();
// Two cases in two gemeenten, and a workflow that is no case (retention).
const SCOPES: Record<string, { gemeente: string } | null> = { 'case-A': { gemeente: 'GM0505' }, 'case-B': { gemeente: 'GM9999' }, 'retention-1': null };
const scopeOf = async (id: string) => {
  if (!(id in SCOPES)) throw new HttpError(404, 'not-found', 'case not found');
  return SCOPES[id]!;
};
app.use('/codec', codecRouter({ codecs: [codec], config: { TEMPORAL_UI_URL: UI, TEMPORAL_NAMESPACE: 'default' }, log, authenticate: headerAuth, scopeOf }));
app.use(notFoundHandler(() => null));
app.use(errorHandler(log));

const asJson = (p: Payload) => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v!).toString('base64')])),
  data: Buffer.from(p.data ?? new Uint8Array()).toString('base64'),
});
const value = (p: { metadata: Record<string, string>; data: string }) =>
  defaultPayloadConverter.fromPayload({
    metadata: Object.fromEntries(Object.entries(p.metadata).map(([k, v]) => [k, new Uint8Array(Buffer.from(v, 'base64'))])),
    data: new Uint8Array(Buffer.from(p.data, 'base64')),
  });
const as = (role: string) => ({ 'x-actor-id': `${role}-1`, 'x-actor-role': role, 'x-namespace': 'default', origin: UI });

describe('codec endpoint /codec (Temporal remote codec protocol)', () => {
  const youth = { dateOfBirth: '2012-03-04', youthId: 'b3c1f6a2-0000-4000-8000-000000000001' };

  test('CORS preflight from the Web UI: its origin, credentials, the headers it sends; no authentication needed', async () => {
    const res = await request(app)
      .options('/codec/decode')
      .set({ origin: UI, 'access-control-request-method': 'POST', 'access-control-request-headers': 'x-namespace,content-type,authorization' });
    expect(res.status).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe(UI);
    expect(res.headers['access-control-allow-credentials']).toBe('true');
    expect(res.headers['access-control-allow-headers']).toBe('X-Namespace, Content-Type, Authorization');
    expect(res.headers['access-control-allow-methods']).toContain('POST');
    expect(res.headers.vary).toMatch(/Origin/);
  });

  test('another origin gets no CORS permission', async () => {
    const res = await request(app).options('/codec/decode').set({ origin: 'https://evil.example', 'access-control-request-method': 'POST' });
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  test('401 without an actor and 403 for a school, both readable by the UI (CORS headers present)', async () => {
    const body = { payloads: [asJson(defaultPayloadConverter.toPayload(youth)!)] };
    const anonymous = await request(app).post('/codec/decode').set({ origin: UI, 'x-namespace': 'default' }).send(body);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers['access-control-allow-origin']).toBe(UI);
    const school = await request(app).post('/codec/decode').set(as('school')).send(body);
    expect(school.status).toBe(403);
    expect(school.body.error.message).toMatch(/consultant, teamlead, management, admin/);
    expect(school.headers['access-control-allow-origin']).toBe(UI);
    expect((await request(app).post('/codec/encode').set(as('school')).send(body)).status).toBe(403);
  });

  test.each(['management', 'teamlead', 'consultant', 'admin'])('%s: encode then decode gives the payloads back', async (role) => {
    const original = [asJson(defaultPayloadConverter.toPayload(youth)!), asJson(defaultPayloadConverter.toPayload('x')!)];
    const encoded = await request(app).post('/codec/encode').set(as(role)).send({ payloads: original });
    expect(encoded.status).toBe(200);
    expect(encoded.headers['access-control-allow-origin']).toBe(UI);
    expect(encoded.body.payloads).toHaveLength(2);
    expect(Buffer.from(encoded.body.payloads[0].metadata.encoding, 'base64').toString()).toBe('binary/encrypted');
    expect(Buffer.from(encoded.body.payloads[0].data, 'base64').toString('latin1')).not.toContain(youth.dateOfBirth);
    // Encoded here, bound to no case: nobody's access can be checked, so nobody decodes it (issue 18).
    const unbound = await request(app).post('/codec/decode').set(as(role)).send(encoded.body);
    expect(unbound).toMatchObject({ status: 403, body: { error: { message: expect.stringMatching(/bound to no case/) } } });
    const bound = await codec.encode(original.map((p) => ({ metadata: Object.fromEntries(Object.entries(p.metadata).map(([k, v]) => [k, new Uint8Array(Buffer.from(v, 'base64'))])), data: new Uint8Array(Buffer.from(p.data, 'base64')) })), {
      type: 'workflow',
      namespace: 'default',
      workflowId: 'case-A',
    });
    const decoded = await request(app).post('/codec/decode').set(as(role)).send({ payloads: bound.map(asJson) });
    expect(decoded.status).toBe(200);
    expect(decoded.body.payloads).toEqual(original);
    expect(value(decoded.body.payloads[0])).toEqual(youth);
  });

  test('issue 18: a payload of a case outside the caller\'s gemeenten is refused; other workflows and unknown cases too', async () => {
    const bind = (workflowId: string) => codec.encode([defaultPayloadConverter.toPayload(youth)!], { type: 'workflow', namespace: 'default', workflowId });
    const decode = async (workflowId: string, gemeenten = 'GM0505') =>
      request(app)
        .post('/codec/decode')
        .set({ ...as('consultant'), 'x-actor-gemeenten': gemeenten })
        .send({ payloads: (await bind(workflowId)).map(asJson) });
    expect((await decode('case-A')).status).toBe(200);
    expect(await decode('case-B')).toMatchObject({ status: 403, body: { error: { message: 'gemeente GM9999 is outside your region' } } });
    expect((await decode('case-A', 'GM9999')).status).toBe(403);
    expect((await decode('case-unknown')).status).toBe(403);
    expect((await decode('retention-1')).status).toBe(200);
    // One payload out of scope refuses the whole answer.
    const mixed = [...(await bind('case-A')), ...(await bind('case-B'))].map(asJson);
    expect((await request(app).post('/codec/decode').set(as('consultant')).send({ payloads: mixed })).status).toBe(403);
  });

  test('unencrypted payloads decode unchanged; a tampered one is 422; another namespace or a bad body is 400', async () => {
    const plain = { payloads: [asJson(defaultPayloadConverter.toPayload(youth)!)] };
    expect((await request(app).post('/codec/decode').set(as('consultant')).send(plain)).body).toEqual(plain);
    const [enc] = await codec.encode([defaultPayloadConverter.toPayload(youth)!], { type: 'workflow', namespace: 'default', workflowId: 'case-A' });
    const data = Buffer.from(enc!.data!);
    data[15] = data[15]! ^ 1;
    const tampered = await request(app).post('/codec/decode').set(as('consultant')).send({ payloads: [asJson({ ...enc, data })] });
    expect(tampered.status).toBe(422);
    expect(tampered.body.error.message).toMatch(/failed authentication/);
    expect((await request(app).post('/codec/decode').set({ ...as('consultant'), 'x-namespace': 'other' }).send(plain)).status).toBe(400);
    expect((await request(app).post('/codec/decode').set(as('consultant')).send({ payloads: 'x' })).status).toBe(400);
    expect((await request(app).post('/codec/decode').set(as('consultant')).send({ payloads: [{ data: '%%%' }] })).status).toBe(400);
  });
});
