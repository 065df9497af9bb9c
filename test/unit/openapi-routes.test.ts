import express from 'express';
import pino from 'pino';
import type { Client } from '@temporalio/client';
import { createApp } from '../../api/app';
import { installAuthorization } from '../../api/auth/authorize';
import { ROUTE_PERMISSIONS } from '../../api/auth/route-permissions';
import { buildOpenApi } from '../../api/openapi';
import { webRouter } from '../../web/router';
import type { Db } from '../../prisma/client';
import { servedRoutes, type ServedRoute } from '../support/express-routes';

/**
 * The OpenAPI document against the express router: every route the app serves is documented
 * with its request, its answer and its error answers, and nothing is documented that is not served.
 */
const app = createApp({
  prisma: {} as Db,
  client: { options: { loadedDataConverter: { payloadCodecs: [] } } } as unknown as Client,
  config: {
    TEMPORAL_TASK_QUEUE: 'q',
    TEMPORAL_UI_URL: 'http://localhost:8233',
    TEMPORAL_NAMESPACE: 'default',
    SCHOOL_LINK_RATE_LIMIT: 20,
    OIDC_ISSUER: 'http://localhost:1',
    OIDC_AUDIENCE: 'verzuimregie-api',
    OIDC_JWKS_URL: 'http://localhost:1/jwks.json',
    OIDC_MAX_TOKEN_LIFETIME_SECONDS: 43_200,
    RATE_LIMIT_FAILED_AUTH_PER_ADDRESS: 300,
    RATE_LIMIT_FAILED_AUTH_PER_SUBJECT: 30,
    RATE_LIMIT_PER_PRINCIPAL_PER_MINUTE: 3000,
  },
  log: pino({ level: 'silent' }),
});

// The authorization guards are route layers too, one per permission entry: they are not handlers.
const guardProbe = express();
installAuthorization(guardProbe, { prisma: {} as Db, recordAccess: async () => {} });
const guardSource = new Set(servedLayers(guardProbe).map((h) => h.toString()));
function servedLayers(a: express.Express): ((...x: unknown[]) => unknown)[] {
  return (a as unknown as { router: { stack: { route?: { stack: { handle: (...x: unknown[]) => unknown }[] } }[] } }).router.stack.flatMap((l) => l.route?.stack.map((s) => s.handle) ?? []);
}
// The HTML pages (web/) are no part of the JSON API: they use it, so its document leaves them out.
const webOnly = express();
webOnly.use(webRouter({ prisma: {} as Db, log: pino({ level: 'silent' }), temporalUiUrl: '', temporalNamespace: 'default', auth: { issuer: 'http://localhost:1', clientId: 'c', session: { idleMinutes: 1, maxHours: 1, secureCookies: false } } }));
const pages = new Set(servedRoutes(webOnly).map((r) => `${r.method} ${r.path}`));
const served = servedRoutes(app, (layer) => layer.route!.stack.every((s) => guardSource.has(s.handle.toString()))).filter((r) => !pages.has(`${r.method} ${r.path}`));

type Doc = { paths: Record<string, Record<string, { requestBody?: unknown; parameters?: { in: string }[]; responses: Record<string, { content?: Record<string, { schema?: unknown }> }> }>> };
const key = (r: ServedRoute) => `${r.method.toUpperCase()} ${r.path}`;
const documented = (doc: Doc) => Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((method) => key({ method, path })));

/** Served but not documented, and documented but not served. */
export function compare(doc: Doc, routes: ServedRoute[]) {
  const inDoc = new Set(documented(doc));
  const inApp = new Set(routes.map(key));
  return { undocumented: [...inApp].filter((k) => !inDoc.has(k)).sort(), unserved: [...inDoc].filter((k) => !inApp.has(k)).sort() };
}

describe('OpenAPI document against the express router', () => {
  const doc = buildOpenApi() as Doc;

  test('finds the routes of every router (sanity of the walk)', () => {
    const keys = served.map(key);
    expect(keys).toEqual(expect.arrayContaining(['POST /api/meldingen', 'POST /api/cases/{caseId}/hoorgesprek/replan', 'POST /api/signals/{signalId}/escalate', 'GET /school/status/{token}', 'POST /codec/decode', 'GET /health']));
    expect(keys.length).toBeGreaterThan(50);
  });

  test('every served route is documented, and every documented route is served', () => {
    expect(compare(doc, served)).toEqual({ undocumented: [], unserved: [] });
  });

  test('the comparison fails when a route is missing from the document', () => {
    const { ['/api/cases/{caseId}/messages']: _gone, ...rest } = doc.paths;
    expect(compare({ paths: rest }, served).undocumented).toEqual(['GET /api/cases/{caseId}/messages']);
    expect(compare(doc, [...served, { method: 'post', path: '/api/cases/{caseId}/new-thing' }]).undocumented).toEqual(['POST /api/cases/{caseId}/new-thing']);
  });

  test('every operation has an answer with a schema and its error answers', () => {
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const where = `${method.toUpperCase()} ${path}`;
        const success = Object.entries(op.responses).filter(([s]) => s.startsWith('2'));
        expect({ where, success: success.length > 0 }).toEqual({ where, success: true });
        for (const [status, r] of success) expect({ where, status, schema: Object.values(r.content ?? {}).every((c) => c.schema !== undefined) && !!r.content }).toEqual({ where, status, schema: true });
        const codes = Object.keys(op.responses);
        const expected = [
          ...(path.startsWith('/api/') ? ['401', '403', '429'] : []),
          ...(path.includes('{') ? ['404'] : []),
          ...(op.requestBody || op.parameters?.some((p) => p.in === 'query') ? ['400'] : []),
        ];
        expect({ where, missing: expected.filter((c) => !codes.includes(c)) }).toEqual({ where, missing: [] });
      }
    }
  });

  test('actions answer 409 and 422 (updates) and document their request body', () => {
    const replan = doc.paths['/api/cases/{caseId}/hoorgesprek/replan']!.post!;
    expect(Object.keys(replan.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '403', '404', '409', '422', '429']));
    expect(replan.requestBody).toBeDefined();
    expect(Object.keys(doc.paths['/api/cases/{caseId}/school-information']!.post!.responses)).toEqual(expect.arrayContaining(['202', '409']));
  });

  type Ops = Record<string, { parameters?: { in: string; name: string }[]; responses: Record<string, { headers?: Record<string, unknown> }> }>;
  test.each([
    ['the assignment rules', '/api/assignment-rules', ['200', '400', '409', '422']],
    ["a region's policy", '/api/policies/{regionId}', ['200', '400', '404', '409']],
  ])('%s document their version: ETag on reading, If-Match and 409 on saving', (_what, path, codes) => {
    const get = (doc.paths[path]! as Ops).get!;
    const put = (doc.paths[path]! as Ops).put!;
    expect(Object.keys(get.responses['200']!.headers ?? {})).toContain('ETag');
    expect(put.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ in: 'header', name: 'If-Match' })]));
    expect(Object.keys(put.responses)).toEqual(expect.arrayContaining(codes));
    expect(Object.keys(put.responses['200']!.headers ?? {})).toContain('ETag');
  });

  test('every served /api route is in the permission table (a route not in it is refused)', () => {
    const permitted = new Set(ROUTE_PERMISSIONS.map((p) => `${p.method} ${p.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`));
    const api = served.map(key).filter((k) => k.includes(' /api/') && k !== 'GET /api/openapi.json');
    expect(api.filter((k) => !permitted.has(k))).toEqual([]);
  });
});
