import path from 'node:path';
import type * as Jose from 'jose' with { 'resolution-mode': 'import' };
import { loadOrCreateKey, DEV_AUDIENCE } from '../../scripts/dev/oidc-issuer';
import { ZHZ_GEMEENTEN } from '../../domain/policy';
import { apiClient, startApp, tokenFor, type RunningApp, type TestActor } from '../support/processes';
import { freshLoopback, requestFrom, startApiInstance, type ApiInstance } from '../support/http-from';
import { stack, testDataDir } from '../support/stack-env';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const jose: typeof Jose = require('jose');

/**
 * Issue 18, observed on main by a careful tester with tokens of every role: each test reproduces
 * one observation over HTTP against the real api and worker processes.
 */
describe('trust: secrets, tokens, rate limits, bad input', () => {
  let app: RunningApp;
  let second: ApiInstance | undefined;
  /** Everything the API process wrote, from the start of the tests on. */
  const apiLog: string[] = [];
  /** Every token this file sent: none may appear in any log. */
  const usedTokens = new Set<string>();

  const token = async (actor: TestActor) => {
    const t = await tokenFor(actor);
    usedTokens.add(t);
    return t;
  };
  const limits = { RATE_LIMIT_FAILED_AUTH_PER_ADDRESS: '100', RATE_LIMIT_FAILED_AUTH_PER_SUBJECT: '30', RATE_LIMIT_PER_PRINCIPAL_PER_MINUTE: '200' };

  beforeAll(async () => {
    app = await startApp(limits);
    app.api.stdout!.on('data', (b: Buffer) => apiLog.push(b.toString()));
    app.api.stderr!.on('data', (b: Buffer) => apiLog.push(b.toString()));
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

  test('observation 6: 150 concurrent requests of one office (one address) all get an answer, none 429', async () => {
    const from = freshLoopback();
    const tokens = await Promise.all([1, 2, 3].map((n) => token({ id: `lpa-office-${n}`, role: 'consultant' })));
    const answers = await Promise.all(Array.from({ length: 150 }, (_, i) => get(from, '/api/cases', tokens[i % 3])));
    expect(answers.filter((a) => a.status !== 200).map((a) => a.status)).toEqual([]);
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

  // Last: the log of everything above (and the other tests' requests) holds no token.
  test('observation 5: no token, cookie or authorization header reaches the logs', async () => {
    const cookie = `verzuimregie_codec=${await token({ id: 'lpa-cookie', role: 'consultant' })}`;
    await fetch(`${app.baseUrl}/codec/decode`, { method: 'POST', headers: { cookie, 'content-type': 'application/json', 'x-namespace': 'default' }, body: '{"payloads":[]}' });
    await apiClient(app.baseUrl, { id: 'lpa-logs', role: 'consultant', gemeenten: ZHZ_GEMEENTEN.map((g) => g.code) }).get('/api/cases');
    await new Promise((r) => setTimeout(r, 500));
    const log = apiLog.join('') + (second?.logs() ?? '');
    expect(log.length).toBeGreaterThan(10_000);
    expect(log).toContain('"url":"/api/cases"');
    expect(log).not.toMatch(/"(authorization|cookie)":/i);
    expect(log).not.toMatch(/verzuimregie_codec=/);
    expect(log).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\.eyJ/);
    for (const t of usedTokens) expect(log.includes(t) || log.includes(t.split('.')[2]!)).toBe(false);
  });
});
