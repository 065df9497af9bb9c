import { PERMISSIONS } from '../../domain/access-policy';
import type { Role } from '../../domain/case/actor';
import { ROUTE_PERMISSIONS } from '../../api/auth/route-permissions';
import { eventually } from '../support/eventually';
import { aMelding } from '../support/fixtures';
import { apiClient, sharedApp, tokenFor, type RunningApp } from '../support/processes';

const ROLES: Role[] = ['consultant', 'teamlead', 'management', 'admin', 'school', 'partner', 'privacy'];

/**
 * The authorization matrix over HTTP: every role against every /api route in the table the API
 * enforces, allowed and denied; no route answers without a valid token; denied requests change
 * nothing; personal-data access is in the access log.
 */
describe('authentication and least-privilege access', () => {
  let app: RunningApp;
  let caseId: string;
  let youthId: string;
  let signalId: string;
  const first = aMelding();

  beforeAll(async () => {
    app = sharedApp();
    const created = await apiClient(app.baseUrl, { id: 'school-12AB', role: 'school' }).post('/api/meldingen', first);
    expect(created.status).toBe(201);
    caseId = created.body.caseId;
    const read = await eventually(() => apiClient(app.baseUrl).get(`/api/cases/${caseId}`), (r) => r.body?.youth !== null && r.status === 200);
    youthId = read.body.youth.id;
    const signal = await apiClient(app.baseUrl, { id: 'school-12AB', role: 'school' }).post('/api/signals', {
      signalId: 'matrix-1',
      concern: 'anders',
      description: 'Zorgen over welbevinden',
      reportDate: new Date().toISOString().slice(0, 10),
      youth: aMelding().youth,
      gemeente: 'GM0505',
      school: { brin: '12AB', name: 'Testcollege Dordrecht' },
      reporter: { organisation: 'Testcollege Dordrecht', name: 'J. Jansen', function: 'mentor' },
    });
    expect(signal.status).toBe(201);
    signalId = signal.body.signalId;
  });
  afterAll(async () => app?.stop());

  const url = (path: string) => path.replace(':caseId', caseId).replace(':signalId', signalId).replace(':youthId', youthId).replace(':regionId', 'zhz');
  const call = async (token: string | null, method: string, path: string) => {
    const res = await fetch(`${app.baseUrl}${url(path)}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) },
      // An empty object: allowed callers get a 400 for it, so nothing is changed by this sweep.
      body: method === 'GET' ? undefined : '{}',
    });
    return { status: res.status, body: (await res.json().catch(() => null)) as any };
  };

  test('no route answers without a valid token', async () => {
    for (const route of ROUTE_PERMISSIONS) {
      expect([route.path, (await call(null, route.method, route.path)).status]).toEqual([route.path, 401]);
    }
    const forged = await call('eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl', 'GET', '/api/cases');
    expect(forged).toMatchObject({ status: 401, body: { error: { code: 'unauthenticated', message: 'the token is not valid' } } });
  });

  test('every role against every route: allowed, or 403 with the reason', async () => {
    const tokens = Object.fromEntries(await Promise.all(ROLES.map(async (r) => [r, await tokenFor({ id: `${r}-matrix`, role: r })] as const)));
    const outcomes: string[] = [];
    for (const route of ROUTE_PERMISSIONS) {
      for (const role of ROLES) {
        const allowed = (PERMISSIONS[route.permission] as readonly Role[]).includes(role);
        const res = await call(tokens[role]!, route.method, route.path);
        const denied = res.status === 403;
        if (denied !== !allowed) outcomes.push(`${role} ${route.method} ${route.path}: ${res.status} ${JSON.stringify(res.body)}`);
        if (denied) expect(res.body.error).toMatchObject({ code: 'forbidden', message: expect.stringMatching(/may not|outside|own pupils/) });
        else expect(res.status).not.toBe(401);
      }
    }
    expect(outcomes).toEqual([]);
  });

  test('cross-tenant (issue 18): every route that touches a case, signal, youth or gemeente refuses each allowed role of another gemeente, reads and writes', async () => {
    const SCOPED = ['case', 'signal', 'melding-body', 'youth', 'youth-cases', 'youth-body', 'query-gemeente', 'query-case'];
    const bodies: Record<string, unknown> = {
      '/api/meldingen': { ...aMelding({ youth: first.youth }), gemeente: 'GM0505' },
      '/api/signals': { gemeente: 'GM0505', school: { brin: '12AB' }, youth: first.youth },
      '/api/vrijstellingen': { youth: first.youth, vrijstelling: { kind: 'art5a', from: '2026-01-01', decisionDate: '2026-01-01', reference: 'X' } },
    };
    const query = (route: { scope?: string }) => (route.scope === 'query-gemeente' ? '?gemeente=GM0505&from=2026-01-01&to=2026-01-31' : route.scope === 'query-case' ? `?caseId=${caseId}` : '');
    const outcomes: string[] = [];
    let checked = 0;
    for (const route of ROUTE_PERMISSIONS.filter((r) => SCOPED.includes(r.scope ?? ''))) {
      for (const role of PERMISSIONS[route.permission] as readonly Role[]) {
        const t = await tokenFor({ id: `${role}-elders`, role, gemeenten: ['GM9999'], schoolBrin: '34CD' });
        const res = await fetch(`${app.baseUrl}${url(route.path)}${query(route)}`, {
          method: route.method,
          headers: { 'content-type': 'application/json', authorization: `Bearer ${t}` },
          body: route.method === 'GET' ? undefined : JSON.stringify(bodies[route.path] ?? {}),
        });
        checked++;
        if (res.status !== 403) outcomes.push(`${role} ${route.method} ${route.path}: ${res.status} ${await res.text()}`);
      }
    }
    expect(checked).toBeGreaterThan(40);
    expect(outcomes).toEqual([]);
    // Nothing changed: the case is open, the youth's register entry as the school named it.
    const kase = await apiClient(app.baseUrl).get(`/api/cases/${caseId}`);
    expect(kase.body.state.phase).not.toBe('afgesloten');
    expect(kase.body.youth).toMatchObject({ firstName: first.youth.firstName, lastName: first.youth.lastName });
    expect((await apiClient(app.baseUrl).get(`/api/youth/${youthId}/vrijstellingen`)).body.items).toEqual([]);
  });

  test('scope: a consultant outside the gemeente, and a school for another school, are refused and change nothing', async () => {
    const outsider = apiClient(app.baseUrl, { id: 'lpa-elders', role: 'consultant', gemeenten: ['GM0363'] });
    const read = await outsider.get(`/api/cases/${caseId}`);
    expect(read).toMatchObject({ status: 403, body: { error: { message: 'gemeente GM0505 is outside your region' } } });
    const act = await outsider.post(`/api/cases/${caseId}/close`, { reason: 'verhuisd-buiten-regio' });
    expect(act.status).toBe(403);
    const state = await apiClient(app.baseUrl).get(`/api/cases/${caseId}`);
    expect(state.body.state.phase).not.toBe('afgesloten');
    const queue = await outsider.get('/api/cases?gemeente=GM0505');
    expect(queue.status).toBe(403);
    expect((await outsider.get('/api/cases')).body.items).toEqual([]);

    const otherSchool = apiClient(app.baseUrl, { id: 'school-34CD', role: 'school', schoolBrin: '34CD' });
    const melding = aMelding();
    const refused = await otherSchool.post('/api/meldingen', melding);
    expect(refused).toMatchObject({ status: 403, body: { error: { message: 'a school may only report its own pupils' } } });
    expect((await apiClient(app.baseUrl).get(`/api/cases/case-${melding.meldingId}`)).status).toBe(404);
  });

  test('every read or change of personal data is in the access log, for the privacy officer only', async () => {
    const consultant = apiClient(app.baseUrl, { id: 'lpa-logged', role: 'consultant' });
    await consultant.get(`/api/cases/${caseId}`);
    await apiClient(app.baseUrl, { id: 'lpa-elders', role: 'consultant', gemeenten: ['GM0363'] }).get(`/api/cases/${caseId}`);
    const privacy = apiClient(app.baseUrl, { id: 'fg-1', role: 'privacy' });
    const log = await eventually(
      () => privacy.get(`/api/access-log?caseId=${caseId}`),
      (r) => r.body?.items?.some((i: any) => i.actorId === 'lpa-elders'),
    );
    expect(log.status).toBe(200);
    expect(log.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ actorId: 'lpa-logged', actorRole: 'consultant', activity: 'zaak-inzien', caseId, youthId, result: 'uitgevoerd', method: 'GET' }),
        expect.objectContaining({ actorId: 'lpa-elders', activity: 'zaak-inzien', result: 'geweigerd', status: 403 }),
      ]),
    );
    expect((await consultant.get('/api/access-log')).status).toBe(403);
    expect((await privacy.get('/api/access-log?from=2026-99-01')).status).toBe(400);
  });

  test('the Web UI decodes with a cookie the codec session sets after verifying the token', async () => {
    const session = async (token: string) =>
      fetch(`${app.baseUrl}/codec/session`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `token=${token}`, redirect: 'manual' });
    expect((await session('not-a-token')).status).toBe(401);
    const signedIn = await session(await tokenFor({ id: 'lpa-anna', role: 'consultant' }));
    expect(signedIn.status).toBe(200);
    const cookie = signedIn.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^verzuimregie_codec=.+; Max-Age=28800; Path=\/codec; .*HttpOnly; SameSite=Lax/);
    const decode = (c: string) =>
      fetch(`${app.baseUrl}/codec/decode`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-namespace': 'default', cookie: c.split(';')[0]! }, body: '{"payloads":[]}' });
    expect((await decode(cookie)).status).toBe(200);
    const schoolCookie = (await session(await tokenFor({ id: 'school-12AB', role: 'school' }))).headers.get('set-cookie')!;
    expect((await decode(schoolCookie)).status).toBe(403);
    expect((await decode('verzuimregie_codec=forged.token.value')).status).toBe(401);
  });

  test('security headers, and no internal detail in errors', async () => {
    const res = await fetch(`${app.baseUrl}/health`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-powered-by')).toBeNull();
    const unknown = await apiClient(app.baseUrl).get('/api/nothing-here');
    expect(unknown).toMatchObject({ status: 404, body: { error: { code: 'not-found' } } });
    expect(JSON.stringify(unknown.body)).not.toMatch(/at .*\.ts:\d+/);
  });
});
