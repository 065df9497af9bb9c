import { Router } from 'express';
import { z } from 'zod';
import type { Client } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { authorize, mayKnowCase, submissionSource } from '../../domain/access-policy';
import { caseScope } from '../services/scopes';
import { identityDifferences, type Identity } from '../services/youth-register';
import { Brin, GemeenteCode } from '../../domain/melding';
import { SignalConcern } from '../../domain/signal/actions';
import { EarlySignalReport, EscalateRequest } from '../../domain/signal/report';
import type { SignalState } from '../../domain/signal/state';
import type { SignalActionName } from '../../domain/actions/early-signal';
import { SIGNAL_ACTION_ROUTES } from './case-actions';
import type { Logger } from '../../platform/logger';
import type { WithActor } from '../../workflows/messages';
import { signalStateQuery, signalUpdates } from '../../workflows/signal-messages';
import { actorOf } from '../actor';
import { principalOf } from '../auth/authenticate';
import { HttpError, notFound, parseOr400 } from '../errors';
import { whenRunning } from '../running';
import { escalateSignal } from '../services/escalate-signal';
import type { RegistrationDeps } from '../services/register-melding';
import { registerSignal } from '../services/register-signal';
import { updateIdFor } from '../idempotency';

export const SignalId = z.string().regex(/^signal-[A-Za-z0-9_-]{1,57}$/);

export const SignalQuery = z
  .object({
    status: z.enum(['open', 'afgesloten', 'geescaleerd']).default('open'),
    gemeente: GemeenteCode.optional(),
    consultant: z.string().min(1).max(100).optional(),
    step: z.enum(['reactie', 'opvolging']).optional(),
    concern: SignalConcern.optional(),
    school: Brin.optional(),
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(25),
  })
  .strict();

type Deps = RegistrationDeps & { log: Logger };

function signalIdOf(raw: string): string {
  const parsed = SignalId.safeParse(raw);
  if (!parsed.success) throw notFound('signal');
  return parsed.data;
}

async function liveState(client: Client, id: string, log: Logger): Promise<SignalState | null> {
  try {
    return (await client.workflow.getHandle(id).query(signalStateQuery)) ?? null;
  } catch (err) {
    log.warn({ signalId: id, err: (err as Error).message }, 'signal query failed; answering from the projection');
    return null;
  }
}

/** Vroegsignalering (issue 7): early signals from schools and partners, handled lightly or escalated into a MAS case. */
export function signalsRouter(deps: Deps): Router {
  const { prisma, client, log } = deps;
  const r = Router();
  const update = (name: SignalActionName) => signalUpdates[name] as UpdateDefinition<SignalState, [WithActor<unknown>], string>;

  r.post('/', async (req, res) => {
    const report = parseOr400(EarlySignalReport, req.body ?? {});
    // A school reports its own pupils only; a partner only where it works.
    const decision = authorize(principalOf(req), 'signal:create', { gemeente: report.gemeente, schoolBrin: report.school?.brin ?? '' });
    if (!decision.allowed) throw new HttpError(403, 'forbidden', decision.reason);
    const principal = principalOf(req);
    const result = await registerSignal(deps, report, actorOf(req), { source: submissionSource(principal) });
    res.locals.caseId = result.signalId;
    res.locals.youthId = (await prisma.earlySignal.findUnique({ where: { id: result.signalId }, select: { youthId: true } }))?.youthId;
    // The open case is named only to who may know it (issue 18).
    if (result.openCaseId && !mayKnowCase(principal, await caseScope(prisma, result.openCaseId))) result.openCaseId = null;
    res
      .status(result.outcome === 'already-registered' ? 200 : 201)
      .location(`/api/signals/${result.signalId}`)
      .json(result);
  });

  // The consultant's queue of signals, ordered by their next deadline.
  r.get('/', async (req, res) => {
    const q = parseOr400(SignalQuery, req.query, 'query');
    const principal = principalOf(req);
    const decision = authorize(principal, 'signal:read', { gemeente: q.gemeente });
    if (!decision.allowed) throw new HttpError(403, 'forbidden', decision.reason);
    const where = {
      status: q.status,
      gemeente: q.gemeente ?? { in: principal.gemeenten },
      ...(q.consultant && { consultantId: q.consultant }),
      ...(q.step && { step: q.step }),
      ...(q.concern && { concern: q.concern }),
      ...(q.school && { schoolBrin: q.school }),
    };
    const [total, items] = await Promise.all([
      prisma.earlySignal.count({ where }),
      prisma.earlySignal.findMany({
        where,
        orderBy: [{ nextDeadline: { sort: 'asc', nulls: 'last' } }, { receivedAt: 'asc' }],
        skip: (q.page - 1) * q.pageSize,
        take: q.pageSize,
        select: { id: true, concern: true, gemeente: true, schoolBrin: true, reporterRole: true, status: true, step: true, consultantId: true, nextDeadline: true, outcome: true, caseId: true, receivedAt: true, closedAt: true },
      }),
    ]);
    res.json({ page: q.page, pageSize: q.pageSize, total, items });
  });

  r.get('/:signalId', async (req, res) => {
    const id = signalIdOf(req.params.signalId);
    const row = await prisma.earlySignal.findUnique({ where: { id }, include: { youth: true } });
    if (!row) throw notFound('signal');
    const live = await liveState(client, id, log);
    const { youth, payload, state, ...columns } = row;
    const said = (payload as { youth?: Partial<Identity> }).youth ?? {};
    const reported = { firstName: said.firstName ?? youth.firstName, lastName: said.lastName ?? youth.lastName, dateOfBirth: said.dateOfBirth ?? youth.dateOfBirth };
    res.json({
      signalId: id,
      ...columns,
      state: live ?? state,
      source: live ? 'workflow' : 'projection',
      report: payload,
      // The youth as this signal reported it; where the register differs, which fields (a fact to
      // check in the register, GET /api/youth/:youthId), never another melding's data (issue 18).
      youth: { id: youth.id, ...reported },
      identityChecks: identityDifferences(youth, reported, { source: 'signal', id }).map(({ field, reported: value }) => ({ field, reported: value })),
    });
  });

  // One route per registry entry (domain/actions); the workflow's validator checks the input again.
  for (const action of SIGNAL_ACTION_ROUTES.filter((a) => !a.custom)) {
    r.post(`/:signalId/${action.path}`, async (req, res) => {
      const id = signalIdOf(req.params.signalId);
      const input = parseOr400(action.body, req.body ?? {});
      const updateId = updateIdFor(req, res, action.name);
      const state = await whenRunning(client, id, 'signal', () =>
        client.workflow.getHandle(id).executeUpdate(update(action.name), { args: [{ actor: actorOf(req), input }], updateId }),
      );
      res.status(action.status).json({ signalId: id, state });
    });
  }

  // Escalation into a linked MAS case: a service makes the formal melding first (api/services/escalate-signal.ts).
  r.post('/:signalId/escalate', async (req, res) => {
    const id = signalIdOf(req.params.signalId);
    const input = parseOr400(EscalateRequest, req.body ?? {});
    const result = await escalateSignal(deps, id, input, actorOf(req));
    res.status(201).location(`/api/cases/${result.caseId}`).json(result);
  });

  return r;
}
