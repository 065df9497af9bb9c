import fs from 'node:fs';
import path from 'node:path';
import type * as Jose from 'jose' with { 'resolution-mode': 'import' };
import { loadOrCreateKey, DEV_AUDIENCE } from '../../scripts/dev/oidc-issuer';
import { newLinkToken } from '../../platform/link-tokens';
import { createPrisma } from '../../prisma/client';
import { ZHZ_GEMEENTEN } from '../../domain/policy';
import { apiClient, startApi, tokenFor, type RunningApp, type TestActor } from '../support/processes';
import { freshLoopback, requestFrom, startApiInstance, startTcpProxy, type ApiInstance } from '../support/http-from';
import { stack, testDataDir } from '../support/stack-env';
import { eventually } from '../support/eventually';
import { aMelding, daysAgo, today, todayInNl, uniqueId } from '../support/fixtures';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const jose: typeof Jose = require('jose');

/**
 * Issue 18, observed on main by a careful tester with tokens of every role: each test reproduces
 * one observation over HTTP against the real api and worker processes.
 */
describe('trust: secrets, tokens, rate limits, bad input', () => {
  let app: RunningApp;
  let second: ApiInstance | undefined;
  /** Every token this file sent: none may appear in any log. */
  const usedTokens = new Set<string>();

  const token = async (actor: TestActor) => {
    const t = await tokenFor(actor);
    usedTokens.add(t);
    return t;
  };
  const limits = { RATE_LIMIT_FAILED_AUTH_PER_ADDRESS: '100', RATE_LIMIT_FAILED_AUTH_PER_SUBJECT: '30', RATE_LIMIT_PER_PRINCIPAL_PER_MINUTE: '200' };

  beforeAll(async () => {
    // Its own api (its own rate limits) in front of the shared worker.
    app = await startApi(limits);
  });
  afterAll(async () => {
    await second?.stop();
    await app?.stop();
  });

  /** A token signed by the test issuer's own key with the claims given (the dev issuer always sets exp). */
  const signed = async (claims: Record<string, unknown>, exp?: string | number) => {
    const { privateKey } = await loadOrCreateKey(path.join(testDataDir, 'issuer-key.json'));
    let jwt = new jose.SignJWT({ role: 'consultant', gemeenten: ['GM0505'], ...claims })
      .setProtectedHeader({ alg: 'RS256', kid: 'dev-1' })
      .setSubject('lpa-forever')
      .setIssuer(stack().issuer)
      .setAudience(DEV_AUDIENCE)
      .setIssuedAt();
    if (exp !== undefined) jwt = jwt.setExpirationTime(exp);
    const t = await jwt.sign(privateKey);
    usedTokens.add(t);
    return t;
  };
  const get = (from: string, url: string, t?: string) => requestFrom(from, `${app.baseUrl}${url}`, { headers: t ? { authorization: `Bearer ${t}` } : {} });

  test('observation 5: a token without exp, or with an unbounded lifetime, is refused', async () => {
    const from = freshLoopback();
    const noExp = await get(from, '/api/cases', await signed({}));
    expect(noExp).toMatchObject({ status: 401, body: { error: { code: 'unauthenticated', message: 'the token has no expiry (exp)' } } });
    const thirtyDays = await get(from, '/api/cases', await signed({}, '30d'));
    expect(thirtyDays).toMatchObject({ status: 401, body: { error: { message: expect.stringMatching(/lives longer than/) } } });
    expect((await get(from, '/api/cases', await signed({}, '1h'))).status).toBe(200);
  });

  test('observation 6: bad tokens from one address never lock out a valid token from that address; 429 carries Retry-After', async () => {
    const from = freshLoopback();
    const valid = await token({ id: 'lpa-nat', role: 'consultant' });
    const statuses: number[] = [];
    let limited: Awaited<ReturnType<typeof get>> | undefined;
    for (let i = 0; i < 105; i++) {
      const res = await get(from, '/api/cases', `not-a-token-${i}`);
      statuses.push(res.status);
      if (res.status === 429) limited ??= res;
    }
    expect(statuses.slice(0, 100).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(100).every((s) => s === 429)).toBe(true);
    expect(Number(limited!.headers['retry-after'])).toBeGreaterThan(0);
    // The honest colleague behind the same address still works.
    expect((await get(from, '/api/cases', valid)).status).toBe(200);
  });

  test('observation 6: failed authentication is limited per claimed subject too, without blocking that subject\'s valid token', async () => {
    const forged = (n: number) => `${Buffer.from('{"alg":"RS256"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub: 'lpa-target', n })).toString('base64url')}.c2ln`;
    const statuses: number[] = [];
    for (let i = 0; i < 32; i++) statuses.push((await get(freshLoopback(), '/api/cases', forged(i))).status);
    expect(statuses.slice(0, 30).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(30)).toEqual([429, 429]);
    expect((await get(freshLoopback(), '/api/cases', await token({ id: 'lpa-target', role: 'consultant' }))).status).toBe(200);
  });

  test('issue 16: two API instances share one rate limit per principal (PostgreSQL)', async () => {
    second = await startApiInstance({ ...limits, TEMPORAL_TASK_QUEUE: app.taskQueue });
    const t = await token({ id: 'lpa-two-instances', role: 'consultant' });
    const statuses: number[] = [];
    let retryAfter: string | undefined;
    for (let i = 0; i < 220; i++) {
      const base = i % 2 === 0 ? app.baseUrl : second.baseUrl;
      const res = await requestFrom('127.0.0.1', `${base}/api/cases`, { headers: { authorization: `Bearer ${t}` } });
      statuses.push(res.status);
      if (res.status === 429) retryAfter ??= res.headers['retry-after'] as string;
    }
    // 200 a minute in all, not 200 per instance.
    expect(statuses.filter((s) => s === 200)).toHaveLength(200);
    expect(statuses.filter((s) => s === 429)).toHaveLength(20);
    expect(Number(retryAfter)).toBeGreaterThan(0);
  });

  test('observation 7: dates outside any sane range are 400 with the field, never 500', async () => {
    const t: Record<string, string> = { privacy: await token({ id: 'fg-dates', role: 'privacy' }), mgmt: await token({ id: 'mgmt-dates', role: 'management' }) };
    const from = freshLoopback();
    const cases: [string, string][] = [
      ['privacy', '/api/access-log?from=0000-01-01'],
      ['privacy', '/api/access-log?to=9999-12-31'],
      ['mgmt', '/api/audit-entries?from=0000-01-01'],
      ['mgmt', '/api/audit-entries?to=9999-12-31'],
      ...['cases', 'lead-times', 'missed-deadlines', 'leerplichttelling', 'thuiszitters', 'early-signals', 'jaarverslag'].map((r): [string, string] => ['mgmt', `/api/reports/${r}?from=0000-01-01&to=9999-12-31`]),
    ];
    for (const [who, url] of cases) {
      const res = await get(from, url, t[who]);
      expect([url, res.status]).toEqual([url, 400]);
      expect(res.body.error.fields[0].message).toMatch(/between 1900 and 2200/);
    }
  });

  test('a wrong method is 405 with Allow', async () => {
    const t = await token({ id: 'lpa-methods', role: 'consultant' });
    const call = (method: string, url: string) => requestFrom(freshLoopback(), `${app.baseUrl}${url}`, { method, headers: { authorization: `Bearer ${t}` } });
    const del = await call('DELETE', '/api/meldingen');
    expect(del).toMatchObject({ status: 405, body: { error: { code: 'method-not-allowed' } } });
    expect(del.headers.allow).toBe('POST');
    const put = await call('PUT', '/api/cases/case-x');
    expect(put.status).toBe(405);
    expect(put.headers.allow).toBe('GET, HEAD');
    const health = await call('POST', '/health');
    expect([health.status, health.headers.allow]).toEqual([405, 'GET, HEAD']);
    expect((await call('GET', '/api/no-such-thing')).status).toBe(404);
  });

  describe('scope and identity (observations 1, 2, 3, 9)', () => {
    const outsider = () => apiClient(app.baseUrl, { id: 'lpa-elders', role: 'consultant', gemeenten: ['GM9999'] });
    const lpa = () => apiClient(app.baseUrl, { id: 'lpa-anna', role: 'consultant' });
    const school12 = () => apiClient(app.baseUrl, { id: 'school-12AB', role: 'school', schoolBrin: '12AB' });
    const school34 = () => apiClient(app.baseUrl, { id: 'school-34CD', role: 'school', schoolBrin: '34CD' });
    let melding: ReturnType<typeof aMelding>;
    let caseId: string;
    let youthId: string;

    beforeAll(async () => {
      melding = aMelding();
      const created = await school12().post('/api/meldingen', melding);
      expect(created.status).toBe(201);
      caseId = created.body.caseId;
      const read = await eventually(() => lpa().get(`/api/cases/${caseId}`), (r) => r.status === 200 && r.body.youth !== null && r.body.state !== null, 30_000);
      youthId = read.body.youth.id;
    });

    test('observation 1: a consultant of another gemeente records no vrijstelling for this youth and reads none; its team lead reads no report of GM0505', async () => {
      const vrijstelling = { kind: 'art5a', from: daysAgo(10), decisionDate: daysAgo(10), reference: 'VR-X', statementDate: daysAgo(20) };
      const write = await outsider().post('/api/vrijstellingen', { youth: { bsn: melding.youth.bsn, firstName: 'X', lastName: 'Y', dateOfBirth: melding.youth.dateOfBirth }, vrijstelling });
      expect(write).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
      expect(JSON.stringify(write.body)).not.toContain(youthId);
      expect((await outsider().get(`/api/youth/${youthId}/vrijstellingen`)).status).toBe(403);
      const lead = apiClient(app.baseUrl, { id: 'tl-elders', role: 'teamlead', gemeenten: ['GM9999'] });
      expect((await lead.get(`/api/youth/${youthId}/vrijstellingen`)).status).toBe(403);
      const report = await lead.get(`/api/reports/cases?gemeente=GM0505&from=${daysAgo(1)}&to=${todayInNl()}`);
      expect(report).toMatchObject({ status: 403, body: { error: { message: 'gemeente GM0505 is outside your region' } } });
      // Without a filter, only its own gemeenten count: this case is not in its figures.
      const own = await lead.get(`/api/reports/cases?from=${daysAgo(1)}&to=${todayInNl()}&format=csv`);
      expect(own.status).toBe(200);
      expect(String(own.body)).not.toContain('GM0505');
      // The consultant of the gemeente records and reads it.
      expect((await lpa().post('/api/vrijstellingen', { youth: melding.youth && { bsn: melding.youth.bsn, firstName: 'Sem', lastName: 'de Vries', dateOfBirth: melding.youth.dateOfBirth }, vrijstelling })).status).toBe(201);
      expect((await lpa().get(`/api/youth/${youthId}/vrijstellingen`)).body.items).toEqual([expect.objectContaining({ reference: 'VR-X' })]);
    });

    test('observation 2: a partner elsewhere and another school name this youth differently: nothing is overwritten, no case is named, the consultant sees the difference', async () => {
      const partner = apiClient(app.baseUrl, { id: 'jgz-elders', role: 'partner', gemeenten: ['GM9999'] });
      const signal = await partner.post('/api/signals', {
        signalId: uniqueId('tricky'),
        concern: 'anders',
        description: 'Zorgen',
        reportDate: today(),
        youth: { bsn: melding.youth.bsn, firstName: 'Valse', lastName: 'Naam', dateOfBirth: '2010-01-01' },
        gemeente: 'GM9999',
        reporter: { organisation: 'JGZ Elders', name: 'P. Partner', function: 'jeugdverpleegkundige' },
      });
      expect(signal.status).toBe(201);
      expect(signal.body.openCaseId).toBeNull();
      expect(JSON.stringify(signal.body)).not.toContain(caseId);

      const other = aMelding({ youth: { ...melding.youth, firstName: 'Andere', lastName: 'Leerling', dateOfBirth: '2011-05-05' }, school: { brin: '34CD', name: 'Ander College' } } as never);
      const registered = await school34().post('/api/meldingen', other);
      expect(registered.status).toBe(201);
      expect(registered.body).toEqual({ meldingId: other.meldingId, caseId: null, outcome: 'registered' });
      expect(JSON.stringify(registered.body)).not.toContain(caseId);

      const read = await eventually(() => lpa().get(`/api/cases/${caseId}`), (r) => r.body?.state?.meldingen?.length === 2, 30_000);
      expect(read.body.youth).toMatchObject({ firstName: 'Sem', lastName: 'de Vries', dateOfBirth: melding.youth.dateOfBirth });
      expect(read.body.identityChecks).toEqual(
        expect.arrayContaining([
          { source: 'melding', id: other.meldingId, field: 'firstName', register: 'Sem', reported: 'Andere' },
          { source: 'melding', id: other.meldingId, field: 'dateOfBirth', register: melding.youth.dateOfBirth, reported: '2011-05-05' },
        ]),
      );
    });

    test('identity: only a consultant of a gemeente with the youth in a case changes the register, and the change is audited', async () => {
      const body = { firstName: 'Semmy', reason: 'BRP-check: roepnaam gecorrigeerd' };
      expect((await outsider().put(`/api/youth/${youthId}/identity`, body)).status).toBe(403);
      expect((await apiClient(app.baseUrl, { id: 'jgz-elders', role: 'partner', gemeenten: ['GM9999'] }).put(`/api/youth/${youthId}/identity`, body)).status).toBe(403);
      expect((await lpa().put(`/api/youth/${youthId}/identity`, { firstName: 'Semmy' })).status).toBe(400);
      const changed = await lpa().put(`/api/youth/${youthId}/identity`, body);
      expect(changed).toMatchObject({ status: 200, body: { register: { firstName: 'Semmy', lastName: 'de Vries' } } });
      const entry = await lpa().get(`/api/youth/${youthId}`);
      expect(entry.body.changes).toEqual([expect.objectContaining({ source: 'consultant', actorId: 'lpa-anna', before: expect.objectContaining({ firstName: 'Sem' }), after: expect.objectContaining({ firstName: 'Semmy' }), reason: body.reason })]);
      const privacy = apiClient(app.baseUrl, { id: 'fg-identity', role: 'privacy' });
      const log = await eventually(() => privacy.get(`/api/access-log?youthId=${youthId}`), (r) => r.body?.items?.some((i: any) => i.activity === 'jongere-identiteit-wijzigen' && i.result === 'uitgevoerd'));
      expect(log.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ activity: 'jongere-identiteit-wijzigen', actorId: 'lpa-elders', result: 'geweigerd' })]));
    });

    test('observation 6: 150 concurrent requests of one office (one address) all get an answer, none 429', async () => {
      const from = freshLoopback();
      const tokens = await Promise.all([1, 2, 3].map((n) => token({ id: `lpa-office-${n}`, role: 'consultant' })));
      const answers = await Promise.all(Array.from({ length: 150 }, (_, i) => get(from, `/api/cases/${caseId}`, tokens[i % 3])));
      expect(answers.filter((a) => a.status !== 200).map((a) => a.status)).toEqual([]);
    });

    test('observation 3: a melding id is the same melding only from the same school with the same content; otherwise 409 naming no case', async () => {
      const again = await school12().post('/api/meldingen', melding);
      expect(again).toMatchObject({ status: 200, body: { caseId, outcome: 'already-registered' } });
      const stolen = await school34().post('/api/meldingen', { ...aMelding({ school: { brin: '34CD', name: 'Ander College' } } as never), meldingId: melding.meldingId });
      expect(stolen).toMatchObject({ status: 409, body: { error: { code: 'melding-id-conflict', message: expect.stringMatching(/another sender/) } } });
      expect(JSON.stringify(stolen.body)).not.toContain(caseId);
      const changed = await school12().post('/api/meldingen', { ...melding, hoursAbsent: 40 });
      expect(changed).toMatchObject({ status: 409, body: { error: { message: expect.stringMatching(/other content/) } } });
    });

    test('observation 9: writes of personal data (melding, vrijstelling, identity change) are in the access log for that youth, allowed or refused', async () => {
      const privacy = apiClient(app.baseUrl, { id: 'fg-writes', role: 'privacy' });
      const log = await eventually(
        () => privacy.get(`/api/access-log?youthId=${youthId}&pageSize=500`),
        (r) => ['melding-registreren', 'vrijstelling-registreren', 'jongere-identiteit-wijzigen'].every((a) => r.body?.items?.some((i: any) => i.activity === a)),
      );
      const rows = log.body.items as any[];
      expect(rows).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ activity: 'melding-registreren', actorId: 'school-12AB', result: 'uitgevoerd', caseId }),
          expect.objectContaining({ activity: 'vrijstelling-registreren', actorId: 'lpa-anna', result: 'uitgevoerd' }),
          expect.objectContaining({ activity: 'vrijstelling-registreren', actorId: 'lpa-elders', result: 'geweigerd' }),
          expect.objectContaining({ activity: 'vrijstellingen-inzien', actorId: 'lpa-elders', result: 'geweigerd' }),
        ]),
      );
    });
  });

  test('observation 8: PostgreSQL or Temporal unreachable: 503 with Retry-After, /ready names it, nothing accepted is lost', async () => {
    const s = stack();
    const pgUrl = new URL(s.databaseUrl);
    const [tHost, tPort] = s.temporalAddress.split(':');
    const pg = await startTcpProxy({ host: pgUrl.hostname, port: Number(pgUrl.port) });
    const temporal = await startTcpProxy({ host: tHost!, port: Number(tPort) });
    const viaProxy = new URL(s.databaseUrl);
    viaProxy.port = String(pg.port);
    const instance = await startApiInstance({ ...limits, DATABASE_URL: viaProxy.toString(), TEMPORAL_ADDRESS: `127.0.0.1:${temporal.port}`, TEMPORAL_TASK_QUEUE: app.taskQueue });
    try {
      const t = await token({ id: 'lpa-outage', role: 'consultant' });
      const school = await token({ id: 'school-outage', role: 'school', schoolBrin: '12AB' });
      // Generous client-side limits: they only tell "answered" from "hung" (no timing assertions).
      const call = (method: string, url: string, bearer?: string, body?: unknown) =>
        fetch(`${instance.baseUrl}${url}`, {
          method,
          headers: { 'content-type': 'application/json', ...(bearer && { authorization: `Bearer ${bearer}` }) },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(15_000),
        }).then(async (r) => ({ status: r.status, retryAfter: r.headers.get('retry-after'), body: (await r.json().catch(() => null)) as any }));

      pg.blackhole(true);
      const pgDown = await call('GET', '/api/cases', t);
      expect(pgDown).toMatchObject({ status: 503, retryAfter: '5', body: { error: { code: 'unavailable', dependency: 'postgres' } } });
      expect((await call('GET', '/ready')).body).toMatchObject({ status: 'not-ready', postgres: 'unavailable', temporal: 'ok' });
      pg.blackhole(false);
      await eventually(() => call('GET', '/ready'), (r) => r.status === 200, 20_000);

      temporal.blackhole(true);
      const melding = aMelding();
      const accepted = await call('POST', '/api/meldingen', school, melding);
      expect(accepted).toMatchObject({ status: 503, retryAfter: '5', body: { error: { dependency: 'temporal' } } });
      expect((await call('GET', '/ready')).body).toMatchObject({ status: 'not-ready', postgres: 'ok', temporal: 'unavailable' });
      // What the school sent is stored; its retry after the outage opens the case.
      const stored = await apiClient(app.baseUrl, { id: 'fg-outage', role: 'privacy' }).get(`/api/access-log?actorId=school-outage`);
      expect(stored.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ activity: 'melding-registreren', status: 503 })]));
      temporal.blackhole(false);
      const retried = await eventually(() => call('POST', '/api/meldingen', school, melding), (r) => r.status < 500, 30_000);
      expect(retried).toMatchObject({ status: 200, body: { outcome: 'already-registered', caseId: `case-${melding.meldingId}` } });
      await eventually(() => apiClient(app.baseUrl).get(`/api/cases/case-${melding.meldingId}`), (r) => r.status === 200 && r.body.state !== null, 30_000);

      // The school's answer link, while Temporal is away: 503 with Retry-After in Dutch (it was 500),
      // nothing half-stored; with Temporal back the same answer goes through.
      const prisma = createPrisma(s.databaseUrl);
      try {
        const request = await eventually(() => prisma.schoolRequest.findFirst({ where: { caseId: `case-${melding.meldingId}` } }), (r) => r !== null, 30_000);
        const { token: linkToken, hash } = newLinkToken();
        await prisma.schoolLink.create({ data: { tokenHash: hash, kind: 'answer', requestId: request!.id, caseId: request!.caseId, schoolBrin: '12AB', expiresAt: new Date(Date.now() + 7 * 86_400_000) } });
        const answer = { absencePerWeek: [], schoolActions: 'Gesprek', careSignals: '', contactPerson: 'M. de Boer' };
        const answerLink = (accept: string) =>
          fetch(`${instance.baseUrl}/school/requests/${linkToken}`, { method: 'POST', headers: { 'content-type': 'application/json', accept }, body: JSON.stringify(answer), signal: AbortSignal.timeout(15_000) });
        temporal.blackhole(true);
        const refused = await answerLink('application/json');
        expect({ status: refused.status, retryAfter: refused.headers.get('retry-after'), body: await refused.json() }).toMatchObject({
          status: 503,
          retryAfter: '5',
          body: { error: { code: 'unavailable', dependency: 'temporal', message: expect.stringContaining('Probeer het over een paar minuten opnieuw') } },
        });
        const page = await answerLink('text/html');
        expect(page.status).toBe(503);
        expect(await page.text()).toContain('Even niet bereikbaar');
        expect(await prisma.schoolRequest.findUniqueOrThrow({ where: { id: request!.id } })).toMatchObject({ answeredAt: null });
        temporal.blackhole(false);
        const taken = await eventually(() => answerLink('application/json'), (r) => r.status < 500, 30_000);
        expect(taken.status).toBe(200);
        await eventually(() => apiClient(app.baseUrl).get(`/api/cases/case-${melding.meldingId}`), (r) => r.body.state?.schoolRequest?.answer?.contactPerson === 'M. de Boer', 30_000);
      } finally {
        await prisma.$disconnect();
      }
    } finally {
      await instance.stop();
      await pg.stop();
      await temporal.stop();
    }
  });

  // Last: the log of everything above (and the other tests' requests) holds no token.
  test('observation 5: no token, cookie or authorization header reaches the logs', async () => {
    const cookie = `verzuimregie_codec=${await token({ id: 'lpa-cookie', role: 'consultant' })}`;
    await fetch(`${app.baseUrl}/codec/decode`, { method: 'POST', headers: { cookie, 'content-type': 'application/json', 'x-namespace': 'default' }, body: '{"payloads":[]}' });
    await apiClient(app.baseUrl, { id: 'lpa-logs', role: 'consultant', gemeenten: ZHZ_GEMEENTEN.map((g) => g.code) }).get('/api/cases');
    await new Promise((r) => setTimeout(r, 500));
    // This file's api, the second instance, and the shared app (its worker ran this file's cases) of the whole integration run so far.
    const sharedLog = stack().sharedApp?.logFile ?? '';
    const log = app.logs() + (second?.logs() ?? '') + (fs.existsSync(sharedLog) ? fs.readFileSync(sharedLog, 'utf8') : '');
    expect(log.length).toBeGreaterThan(10_000);
    expect(log).toContain('"url":"/api/cases"');
    expect(log).not.toMatch(/"(authorization|cookie)":/i);
    expect(log).not.toMatch(/verzuimregie_codec=/);
    expect(log).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\.eyJ/);
    for (const t of usedTokens) expect(log.includes(t) || log.includes(t.split('.')[2]!)).toBe(false);
  });
});
