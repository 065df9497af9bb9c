import { authorize, PERMISSIONS, type Scope } from '../../domain/access-policy';
import { ENCRYPTED_ENCODING, payloadWorkflowId } from '../../platform/payload-codec';
import { principalOf } from '../auth/authenticate';
import express, { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { decode, encode } from '@temporalio/common/lib/internal-non-workflow/codec-helpers';
import type { Role } from '../../domain/case/actor';
import type { Config } from '../../platform/config';
import type { Logger } from '../../platform/logger';
import { actorOf } from '../actor';
import { HttpError, parseOr400 } from '../errors';

/** Who may see decoded workflow histories in the Temporal Web UI. Schools never. */
/** Who may decode: the access policy's one list (domain/access-policy.ts). */
export const CODEC_ROLES: readonly Role[] = PERMISSIONS['codec:decode'];

const Base64 = z.string().max(8_000_000).regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64');
/** Temporal's remote codec protocol: the JSON form of Payloads, bytes as base64. */
export const PayloadsBody = z.object({
  payloads: z
    .array(z.object({ metadata: z.record(z.string(), Base64).nullish(), data: Base64.nullish() }))
    .max(10_000),
});
type JsonPayload = { metadata: Record<string, string>; data: string };

const fromJson = (p: z.infer<typeof PayloadsBody>['payloads'][number]): Payload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, new Uint8Array(Buffer.from(v, 'base64'))])),
  data: new Uint8Array(Buffer.from(p.data ?? '', 'base64')),
});
const toJson = (p: Payload): JsonPayload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v ?? new Uint8Array()).toString('base64')])),
  data: Buffer.from(p.data ?? new Uint8Array()).toString('base64'),
});

export type CodecRouterDeps = {
  /** The codecs of the API's Temporal client: the same ones the worker uses. */
  codecs: PayloadCodec[];
  config: Pick<Config, 'TEMPORAL_UI_URL' | 'TEMPORAL_NAMESPACE'>;
  log: Logger;
  /** Sets the request's actor or answers 401 (today api/actor.ts `requireActor`; bearer JWT with issue 4). */
  authenticate: RequestHandler;
  /** Where the workflow a payload is bound to belongs (a case or signal), null for other workflows. */
  scopeOf: (workflowId: string) => Promise<Scope | null>;
};

/**
 * Issue 18: a payload is decoded only for a user who may read the case (or signal) it is bound to
 * (platform/payload-codec.ts binds the workflow id). An encrypted payload bound to no workflow
 * (written before the binding) cannot be checked and is refused too.
 */
async function refusal(req: Parameters<RequestHandler>[0], payloads: Payload[], scopeOf: CodecRouterDeps['scopeOf']): Promise<string | null> {
  const principal = principalOf(req);
  const seen = new Map<string, string | null>();
  for (const p of payloads) {
    if (Buffer.from(p.metadata?.encoding ?? new Uint8Array()).toString() !== ENCRYPTED_ENCODING) continue;
    const workflowId = payloadWorkflowId(p);
    if (workflowId === undefined) return 'an encrypted payload is bound to no case, so your access to it cannot be checked';
    if (!seen.has(workflowId)) {
      const scope = await scopeOf(workflowId).catch(() => undefined);
      const decision = scope === undefined ? { allowed: false as const, reason: 'the case of this payload is unknown' } : authorize(principal, 'codec:decode', scope ?? {});
      seen.set(workflowId, decision.allowed ? null : decision.reason);
    }
    const reason = seen.get(workflowId);
    if (reason) return reason;
  }
  return null;
}

/**
 * The codec endpoint for the Temporal Web UI (`--ui-codec-endpoint http://<api>/codec`, or the UI's
 * TEMPORAL_CODEC_ENDPOINT): POST /codec/encode and /codec/decode with `{ payloads: [...] }` and the
 * X-Namespace header. The UI calls it from the browser, so it answers CORS for the UI's origin only.
 * Decoding shows personal data: only the roles in CODEC_ROLES, each call logged (ids and counts only).
 */
export function codecRouter({ codecs, config, log, authenticate, scopeOf }: CodecRouterDeps): Router {
  const r = Router();
  const uiOrigin = new URL(config.TEMPORAL_UI_URL).origin;

  // CORS first: the browser needs these headers on the preflight and on 401/403 answers too.
  r.use((req, res, next) => {
    res.vary('Origin');
    if (req.header('origin') === uiOrigin) {
      res.set({
        'Access-Control-Allow-Origin': uiOrigin,
        'Access-Control-Allow-Credentials': 'true',
        'Access-Control-Allow-Methods': 'POST, OPTIONS',
        'Access-Control-Allow-Headers': 'X-Namespace, Content-Type, Authorization',
        'Access-Control-Max-Age': '600',
      });
    }
    if (req.method === 'OPTIONS') {
      res.status(204).end();
      return;
    }
    next();
  });

  const allowed: RequestHandler = (req, _res, next) => {
    const actor = actorOf(req);
    if (!CODEC_ROLES.includes(actor.role)) return next(new HttpError(403, 'forbidden', `decoding workflow payloads needs one of the roles: ${CODEC_ROLES.join(', ')}`));
    const namespace = req.header('x-namespace');
    if (namespace && namespace !== config.TEMPORAL_NAMESPACE) return next(new HttpError(400, 'unknown-namespace', `this codec serves namespace '${config.TEMPORAL_NAMESPACE}'`));
    next();
  };

  for (const op of ['encode', 'decode'] as const) {
    r.post(`/${op}`, authenticate, allowed, express.json({ limit: '10mb' }), async (req, res) => {
      const body = parseOr400(PayloadsBody, req.body ?? {});
      const payloads = body.payloads.map(fromJson);
      if (op === 'decode') {
        const refused = await refusal(req, payloads, scopeOf);
        if (refused) {
          log.info({ codec: op, actorId: actorOf(req).id, payloads: payloads.length, refused: true }, 'codec decode refused');
          throw new HttpError(403, 'forbidden', refused);
        }
      }
      let out: Payload[];
      try {
        out = op === 'encode' ? await encode(codecs, payloads) : await decode(codecs, payloads);
      } catch (err) {
        // E.g. a payload encrypted with a key that is no longer configured, or tampered with.
        throw new HttpError(422, 'codec-failed', `could not ${op} the payloads: ${err instanceof Error ? err.message : 'unknown error'}`);
      }
      const actor = actorOf(req);
      log.info({ codec: op, actorId: actor.id, actorRole: actor.role, namespace: req.header('x-namespace') ?? null, payloads: payloads.length }, 'codec endpoint used');
      res.json({ payloads: out.map(toJson) });
    });
  }
  return r;
}
