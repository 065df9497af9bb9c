import { randomBytes } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import { eventually } from '../support/eventually';
import { aMelding, testBsn, uniqueId } from '../support/fixtures';
import { apiClient, sharedApp, tokenFor, type RunningApp } from '../support/processes';
import { stack } from '../support/stack-env';

/**
 * Issue 4, item 3: a real case through the real API and worker processes, whose history the
 * Temporal server holds only encrypted; the codec endpoint decodes it for an authorised user. The
 * shared api and worker run with the payload key the test stack configures (PAYLOAD_KEYS), as a
 * deployment does, never with the development key.
 */
const UI = 'http://localhost:8233'; // TEMPORAL_UI_URL's default: the origin the codec answers CORS for

type RawPayload = temporal.api.common.v1.IPayload;

/** Every string and every byte field of the history (bytes as latin1: what is stored, as is). */
function rawText(value: unknown, out: string[] = []): string[] {
  if (value instanceof Uint8Array) out.push(Buffer.from(value).toString('latin1'));
  else if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => rawText(v, out));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => rawText(v, out));
  return out;
}

/**
 * Every payload in the history (inputs, results, signal and update arguments, failure attributes),
 * with where it is. Search attributes are not encoded by codecs (the server must index them).
 */
function payloadsOf(value: unknown, where = '', out: { where: string; payload: RawPayload }[] = []): { where: string; payload: RawPayload }[] {
  if (!value || typeof value !== 'object' || value instanceof Uint8Array) return out;
  if (Array.isArray(value)) {
    value.forEach((v, i) => payloadsOf(v, `${where}[${i}]`, out));
    return out;
  }
  const o = value as Record<string, unknown>;
  if (o.metadata && typeof o.metadata === 'object' && (o.metadata as Record<string, unknown>).encoding instanceof Uint8Array) {
    out.push({ where, payload: o as RawPayload });
    return out;
  }
  for (const [k, v] of Object.entries(o)) payloadsOf(v, `${where}.${k}`, out);
  return out;
}

const toWire = (p: RawPayload) => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
  data: Buffer.from(p.data ?? new Uint8Array()).toString('base64'),
});

describe('encrypted workflow histories and the codec endpoint', () => {
  let app: RunningApp;
  let raw: Client;
  let keyId: string;
  const consultant = () => apiClient(app.baseUrl);
  const person = {
    bsn: testBsn(),
    firstName: 'Quirijntje',
    lastName: 'Zwaluwenburg-Testpersoon',
    dateOfBirth: '2012-03-04',
    email: `verzuim-${randomBytes(4).toString('hex')}@testcollege.example`,
    melderName: 'Jozefien Verzuimcoördinator',
  };

  beforeAll(async () => {
    app = sharedApp();
    keyId = stack().payloadKey.id;
    // A client WITHOUT the codec: it sees what the Temporal server stores.
    raw = new Client({ connection: await Connection.connect({ address: stack().temporalAddress }) });
  });
  afterAll(async () => {
    await raw?.connection.close();
    await app?.stop();
  });

  test('the raw history holds no BSN, name, date of birth or e-mail address; the codec endpoint shows it decoded', async () => {
    const melding = aMelding({
      youth: { bsn: person.bsn, firstName: person.firstName, lastName: person.lastName, dateOfBirth: person.dateOfBirth, className: '2A' },
      melder: { name: person.melderName, function: 'verzuimcoördinator', email: person.email },
    } as never);
    const started = await apiClient(app.baseUrl, { id: 'school-12AB', role: 'school' }).post('/api/meldingen', melding);
    expect(started.status).toBe(201);
    const caseId: string = started.body.caseId;

    // A signal, an update (its result is the case state, with the date of birth) and the closure (the workflow's result).
    const atSchool = await eventually(() => consultant().get(`/api/cases/${caseId}`), (r) => r.body?.state?.step === 'school-informatie', 30_000);
    expect(atSchool.body.state.step).toBe('school-informatie');
    expect((await consultant().post(`/api/cases/${caseId}/school-information`, { contactPerson: person.melderName, schoolActions: 'gesprek met ouders' })).status).toBe(202);
    await eventually(() => consultant().get(`/api/cases/${caseId}`), (r) => r.body?.state?.step === 'hoorgesprek', 30_000);
    const reassigned = await apiClient(app.baseUrl, { id: 'tl-zhz', role: 'teamlead' }).post(`/api/cases/${caseId}/reassign`, { consultantId: 'lpa-bert' });
    expect(reassigned.status).toBe(200);
    expect((await consultant().post(`/api/cases/${caseId}/close`, { reason: 'ingetrokken-door-school' })).status).toBe(200);
    const done = await eventually(() => raw.workflow.getHandle(caseId).describe(), (d) => d.status.name === 'COMPLETED', 30_000);
    expect(done.status.name).toBe('COMPLETED');

    const history = await raw.workflow.getHandle(caseId).fetchHistory();
    const stored = rawText(history).join('\n');
    for (const [what, value] of Object.entries(person)) expect({ what, readable: stored.includes(value) }).toEqual({ what, readable: false });
    // Every payload is encrypted, with the configured key.
    const all = payloadsOf(history.events);
    const searchAttributes = all.filter((p) => /\.searchAttributes\.indexedFields\./.test(p.where));
    // The SDK's patch markers (workflow.patched) hold only the patch id, unencrypted by design.
    const patchMarkers = all.filter((p) => /markerRecordedEventAttributes\.details\.patch-data\./.test(p.where));
    // Whatever patches the code has: a marker carries a patch name and nothing else.
    for (const m of patchMarkers) expect(JSON.parse(Buffer.from(m.payload.data!).toString())).toEqual({ id: expect.stringMatching(/^[a-z]+(-[a-z]+)*$/), deprecated: false });
    expect(searchAttributes.length).toBeGreaterThan(0);
    expect(searchAttributes.map((p) => p.where.split('.').pop()).sort()).toEqual(expect.arrayContaining(['CasePhase', 'CaseStatus', 'Gemeente']));
    // Local activities (projection, notifications) leave a marker whose `data` is the SDK core's own
    // bookkeeping (sequence, attempt, activity id and type, times), plain by design; their result
    // (`result`) is a payload like any other and must be encrypted.
    const localActivityMarkers = all.filter((p) => /markerRecordedEventAttributes\.details\.data\./.test(p.where));
    const bookkeeping = new Set(['seq', 'attempt', 'activity_id', 'activityId', 'activity_type', 'activityType', 'complete_time', 'completeTime', 'backoff', 'original_schedule_time', 'originalScheduleTime']);
    for (const m of localActivityMarkers) {
      const keys = Object.keys(JSON.parse(Buffer.from(m.payload.data!).toString()) as object);
      expect({ where: m.where, other: keys.filter((k) => !bookkeeping.has(k)) }).toEqual({ where: m.where, other: [] });
    }
    const dataPayloads = all.filter((p) => !searchAttributes.includes(p) && !patchMarkers.includes(p) && !localActivityMarkers.includes(p));
    const payloads = dataPayloads.map((p) => p.payload);
    expect(payloads.length).toBeGreaterThan(10);
    const encodings = new Set(payloads.map((p) => Buffer.from(p.metadata!.encoding!).toString()));
    expect({ encodings: [...encodings], plain: dataPayloads.filter((p) => !Buffer.from(p.payload.metadata!.encoding!).toString().includes('encrypted')).map((p) => p.where) }).toEqual({ encodings: ['binary/encrypted'], plain: [] });
    expect(new Set(payloads.map((p) => Buffer.from(p.metadata!['encryption-key-id']!).toString()))).toEqual(new Set([keyId]));
    for (const e of history.events ?? []) {
      // Failures (none expected here) carry their message encrypted too, never plain.
      const failure = e.activityTaskFailedEventAttributes?.failure ?? e.workflowTaskFailedEventAttributes?.failure;
      if (failure) expect(failure.message).toBe('Encoded failure');
    }

    // The codec endpoint, as the Web UI calls it: an authorised user sees the payloads decoded.
    const res = await fetch(`${app.baseUrl}/codec/decode`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-namespace': 'default', origin: UI, authorization: `Bearer ${await tokenFor({ id: 'lpa-anna', role: 'consultant' })}` },
      body: JSON.stringify({ payloads: payloads.map(toWire) }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(UI);
    const decoded = ((await res.json()) as { payloads: { metadata: Record<string, string>; data: string }[] }).payloads;
    expect(decoded).toHaveLength(payloads.length);
    expect(decoded.every((p) => ['json/plain', 'binary/null'].includes(Buffer.from(p.metadata.encoding!, 'base64').toString()))).toBe(true);
    const readable = decoded.map((p) => Buffer.from(p.data, 'base64').toString('utf8')).join('\n');
    expect(readable).toContain(`"dateOfBirth":"${person.dateOfBirth}"`);
    expect(readable).toContain(person.melderName);
    expect(readable).toContain(melding.meldingId);
    expect(readable).toContain('ingetrokken-door-school');
    // By design the workflow never gets the BSN, the names or the e-mail address: it refers to the youth by register id.
    for (const value of [person.bsn, person.firstName, person.lastName, person.email]) expect(readable).not.toContain(value);

    // Issue 18 (observation 4): each payload is bound to its case, and a consultant or team lead of
    // another gemeente decodes none of them.
    expect(new Set(payloads.map((p) => Buffer.from(p.metadata!['encryption-workflow-id'] ?? new Uint8Array()).toString()))).toEqual(new Set([caseId]));
    for (const role of ['consultant', 'teamlead', 'management', 'admin']) {
      const outsider = await fetch(`${app.baseUrl}/codec/decode`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-namespace': 'default', authorization: `Bearer ${await tokenFor({ id: `${role}-elders`, role, gemeenten: ['GM9999'] })}` },
        body: JSON.stringify({ payloads: payloads.slice(0, 3).map(toWire) }),
      });
      expect([role, outsider.status]).toEqual([role, 403]);
      expect(JSON.stringify(await outsider.json())).not.toContain(person.dateOfBirth);
    }
  });

  test('the codec endpoint of the real API: CORS preflight for the Web UI, 401 without a user, 403 for a school', async () => {
    const preflight = await fetch(`${app.baseUrl}/codec/decode`, {
      method: 'OPTIONS',
      headers: { origin: UI, 'access-control-request-method': 'POST', 'access-control-request-headers': 'x-namespace,content-type,authorization' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(UI);
    expect(preflight.headers.get('access-control-allow-credentials')).toBe('true');
    expect(preflight.headers.get('access-control-allow-headers')).toBe('X-Namespace, Content-Type, Authorization');

    const body = JSON.stringify({ payloads: [] });
    const anonymous = await fetch(`${app.baseUrl}/codec/decode`, { method: 'POST', headers: { 'content-type': 'application/json', origin: UI }, body });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('access-control-allow-origin')).toBe(UI);
    const school = await fetch(`${app.baseUrl}/codec/decode`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: UI, authorization: `Bearer ${await tokenFor({ id: uniqueId('school'), role: 'school' })}` },
      body,
    });
    expect(school.status).toBe(403);
  });
});
