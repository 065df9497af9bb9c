/**
 * Requests generated from the OpenAPI document with fast-check (issue 18): for every operation,
 * path parameters (real ids of seeded data, or anything), query parameters and bodies from their
 * JSON Schemas, often valid, often broken (a field missing, of the wrong type, out of range, a
 * date in year 0 or 9999, random JSON), sent with tokens of several roles (or none, or a forged
 * one). Used by `npm run fuzz` (scripts/fuzz.ts) and its short form in the integration tests.
 */
import http from 'node:http';
import fc from 'fast-check';

/** One request (raw, from a chosen source address); the answer's status and text. */
function send(url: string, init: { method: string; headers: Record<string, string>; body?: string; localAddress?: string }): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: init.method, headers: init.headers, localAddress: init.localAddress, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

type Schema = {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  minItems?: number;
  maxItems?: number;
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  $ref?: string;
  default?: unknown;
};

type Operation = {
  method: string;
  path: string;
  parameters?: { name: string; in: 'path' | 'query' | 'header'; required?: boolean; schema: Schema }[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
};

export type FuzzRequest = { method: string; path: string; query: Record<string, string>; body?: string; contentType?: string; role: string };

/** Ids that exist in the fuzzed instance (seeded first), so that deeper code paths are reached too. */
export type KnownIds = { caseId?: string; signalId?: string; youthId?: string; regionId?: string; token?: string };

const DATES = ['0000-01-01', '9999-12-31', '1899-12-31', '2201-01-01', '2026-02-30', '2026-13-01', '2026-01-01', '2026-11-20', '1900-01-01', '2200-12-31'];
const NASTY = ['', ' ', '\u0000', 'x'.repeat(5000), '../../etc/passwd', "' OR 1=1 --", '<script>alert(1)</script>', '%00', '😀', '{}', '[]', 'null', '-1', '1e309', 'NaN', '__proto__', 'constructor'];
const nasty = fc.constantFrom(...NASTY);
const anyJson = fc.jsonValue({ maxDepth: 3 });

function resolve(doc: { components?: { schemas?: Record<string, Schema> } }, s: Schema): Schema {
  if (s.$ref) return resolve(doc, doc.components?.schemas?.[s.$ref.split('/').pop()!] ?? {});
  return s;
}

/** A value for a schema: mostly valid, sometimes at or past its edges. */
function valueOf(doc: object, raw: Schema, depth = 0): fc.Arbitrary<unknown> {
  const s = resolve(doc, raw);
  if (depth > 6) return fc.constant(null);
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum) return fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...s.enum) }, { weight: 1, arbitrary: nasty });
  const choices = s.anyOf ?? s.oneOf;
  if (choices?.length) return fc.oneof(...choices.map((c) => valueOf(doc, c, depth + 1)));
  if (s.allOf?.length) return valueOf(doc, Object.assign({}, ...s.allOf.map((a) => resolve(doc, a))), depth + 1);
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  switch (type) {
    case 'object': {
      const props = Object.entries(s.properties ?? {});
      const required = new Set(s.required ?? []);
      if (props.length === 0) return fc.dictionary(fc.string({ maxLength: 8 }), anyJson, { maxKeys: 3 });
      const shape = Object.fromEntries(props.map(([k, v]) => [k, valueOf(doc, v, depth + 1)]));
      return fc.record(shape, { requiredKeys: props.map(([k]) => k).filter((k) => required.has(k) || Math.random() < 0.5) });
    }
    case 'array':
      return fc.array(valueOf(doc, s.items ?? {}, depth + 1), { minLength: s.minItems ?? 0, maxLength: Math.min(s.maxItems ?? 4, 4) });
    case 'integer':
    case 'number': {
      const min = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : -1e6);
      const max = s.maximum ?? (s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - 1 : 1e6);
      const inRange = type === 'integer' ? fc.integer({ min: Math.ceil(min), max: Math.floor(Math.max(min, max)) }) : fc.double({ min, max: Math.max(min, max), noNaN: true });
      return fc.oneof({ weight: 8, arbitrary: inRange }, { weight: 1, arbitrary: fc.constantFrom(min - 1, max + 1, 1e308, -0, 2 ** 53) });
    }
    case 'boolean':
      return fc.boolean();
    case 'string': {
      if (s.format === 'date') return fc.constantFrom(...DATES);
      if (s.format === 'date-time') return fc.constantFrom('2026-11-20T10:00:00+01:00', '0000-01-01T00:00:00Z', '9999-12-31T23:59:59Z', '2026-11-20T25:00:00Z', new Date().toISOString());
      if (s.format === 'email') return fc.oneof(fc.emailAddress(), nasty);
      if (s.format === 'uuid') return fc.oneof(fc.uuid(), nasty);
      if (s.pattern) {
        let matching: fc.Arbitrary<string> | null = null;
        try {
          matching = fc.stringMatching(new RegExp(s.pattern));
        } catch {
          matching = null;
        }
        if (matching) return fc.oneof({ weight: 8, arbitrary: matching.filter((v) => v.length <= (s.maxLength ?? 200)) }, { weight: 1, arbitrary: nasty });
      }
      return fc.oneof({ weight: 8, arbitrary: fc.string({ minLength: s.minLength ?? 0, maxLength: Math.min(s.maxLength ?? 40, 60) }) }, { weight: 1, arbitrary: nasty });
    }
    default:
      return anyJson;
  }
}

/** A valid-ish value, or one broken on purpose: a required field dropped, a wrong type, random JSON. */
function broken(doc: object, s: Schema): fc.Arbitrary<unknown> {
  const valid = valueOf(doc, s);
  const dropOne = valid.map((v) => {
    if (!v || typeof v !== 'object' || Array.isArray(v)) return v;
    const keys = Object.keys(v);
    if (!keys.length) return v;
    const { [keys[keys.length - 1]!]: _gone, ...rest } = v as Record<string, unknown>;
    return rest;
  });
  const wrongType = valid.map((v) => {
    if (!v || typeof v !== 'object' || Array.isArray(v)) return v;
    const keys = Object.keys(v);
    return keys.length ? { ...(v as object), [keys[0]!]: [42, { nested: true }] } : v;
  });
  return fc.oneof({ weight: 6, arbitrary: valid }, { weight: 1, arbitrary: dropOne }, { weight: 1, arbitrary: wrongType }, { weight: 1, arbitrary: anyJson });
}

const pathParam = (name: string, ids: KnownIds): fc.Arbitrary<string> => {
  const known = { caseId: ids.caseId, signalId: ids.signalId, youthId: ids.youthId, regionId: ids.regionId ?? 'zhz', token: ids.token }[name];
  return fc.oneof({ weight: 3, arbitrary: fc.constant(known ?? 'unknown') }, { weight: 1, arbitrary: fc.oneof(fc.uuid(), fc.string({ maxLength: 30 }), fc.constantFrom('case-x', 'signal-x', '%2e%2e', 'a'.repeat(300))) });
};

/** The operations of the document, each as an arbitrary of concrete requests. */
export function requestArbitrary(doc: { paths: Record<string, Record<string, Operation>> }, roles: string[], ids: KnownIds): fc.Arbitrary<FuzzRequest> {
  const ops: fc.Arbitrary<FuzzRequest>[] = [];
  for (const [template, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const params = op.parameters ?? [];
      const pathParams = params.filter((p) => p.in === 'path');
      const queryParams = params.filter((p) => p.in === 'query');
      const bodySchema = op.requestBody?.content?.['application/json']?.schema ?? op.requestBody?.content?.['application/x-www-form-urlencoded']?.schema;
      const query = fc.record(
        Object.fromEntries(queryParams.map((p) => [p.name, valueOf(doc, p.schema).map((v) => (typeof v === 'string' ? v : JSON.stringify(v)))])),
        { requiredKeys: queryParams.filter((p) => p.required && Math.random() < 0.9).map((p) => p.name) },
      ) as fc.Arbitrary<Record<string, string>>;
      const path = fc.tuple(...pathParams.map((p) => pathParam(p.name, ids))).map((values) => {
        let out = template;
        pathParams.forEach((p, i) => (out = out.replace(`{${p.name}}`, encodeURIComponent(values[i]!))));
        return out;
      });
      const body: fc.Arbitrary<string | undefined> = bodySchema
        ? fc.oneof({ weight: 9, arbitrary: broken(doc, bodySchema).map((v) => JSON.stringify(v)) }, { weight: 1, arbitrary: fc.constantFrom(undefined, '{"unclosed": ', 'null', '[]') })
        : fc.constant(undefined);
      ops.push(
        fc.record({ method: fc.constant(method.toUpperCase()), path, query, body, role: fc.constantFrom(...roles) }).map((r) => ({
          ...r,
          contentType: r.body === undefined ? undefined : 'application/json',
        })),
      );
    }
  }
  return fc.oneof(...ops);
}

export type FuzzResult = { requests: number; byStatus: Record<number, number>; serverErrors: { request: FuzzRequest; status: number; body: string }[] };

/**
 * Sends `count` generated requests with `concurrency` at a time; tokens by role (`none` sends no
 * token, `forged` an invalid one). Every answer is counted by status; 5xx answers are kept.
 */
export async function fuzz(opts: {
  baseUrl: string;
  doc: object;
  tokens: Record<string, string | null>;
  ids: KnownIds;
  count: number;
  concurrency: number;
  seed?: number;
  /** The loopback source address (127.x.y.z): its failed tokens and link guesses count apart from other clients. */
  localAddress?: string;
}): Promise<FuzzResult> {
  const arb = requestArbitrary(opts.doc as { paths: Record<string, Record<string, Operation>> }, Object.keys(opts.tokens), opts.ids);
  const requests = fc.sample(arb, { numRuns: opts.count, seed: opts.seed ?? Date.now() });
  const result: FuzzResult = { requests: 0, byStatus: {}, serverErrors: [] };
  let next = 0;
  await Promise.all(
    Array.from({ length: opts.concurrency }, async () => {
      while (next < requests.length) {
        const r = requests[next++]!;
        const qs = new URLSearchParams(r.query).toString();
        const token = opts.tokens[r.role];
        const res = await send(`${opts.baseUrl}${r.path}${qs ? `?${qs}` : ''}`, {
          method: r.method,
          headers: { ...(r.contentType && { 'content-type': r.contentType }), ...(token && { authorization: `Bearer ${token}` }) },
          body: r.method === 'GET' || r.method === 'HEAD' ? undefined : r.body,
          localAddress: opts.localAddress,
        });
        result.requests++;
        result.byStatus[res.status] = (result.byStatus[res.status] ?? 0) + 1;
        if (res.status >= 500) result.serverErrors.push({ request: r, status: res.status, body: res.text.slice(0, 500) });
      }
    }),
  );
  return result;
}
