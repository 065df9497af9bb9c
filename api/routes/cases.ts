import { Router } from 'express';
import { caseIdentityChecks } from '../services/youth-register';
import { z } from 'zod';
import type { Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/client';
import { CasePhase, DuoStatus } from '../../domain/duo-status';
import type { CaseState } from '../../domain/case/state';
import type { Db } from '../../prisma/client';
import type { Config } from '../../platform/config';
import type { Logger } from '../../platform/logger';
import type { SignalDefinition, UpdateDefinition } from '@temporalio/common';
import { caseSignals, caseStateQuery, caseUpdates, type WithActor } from '../../workflows/messages';
import { authorize } from '../../domain/access-policy';
import { actorOf } from '../actor';
import { principalOf } from '../auth/authenticate';
import { HttpError, notFound, parseOr400 } from '../errors';
import { CASE_ACTION_ROUTES, CASE_FACT_ROUTES } from './case-actions';
import { whenRunning } from '../running';
import { updateIdFor } from '../idempotency';
import { CASE_SIGNALS } from '../../domain/actions/case';
import { recordSchoolInformation } from '../services/school-information';

export const CaseId = z.string().regex(/^case-[A-Za-z0-9_-]{1,64}$/);

export const CaseQuery = z
  .object({
    status: DuoStatus.optional(),
    phase: CasePhase.optional(),
    consultant: z.string().min(1).max(100).optional(),
    gemeente: z.string().regex(/^GM\d{4}$/).optional(),
    school: z.string().regex(/^\d{2}[A-Z]{2}$/).optional(),
    step: z.string().regex(/^[a-z-]{1,40}$/).optional(),
    thuiszitter: z.enum(['true', 'false']).optional(),
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(25),
  })
  .strict();

type Deps = { prisma: Db; client: Client; config: Pick<Config, 'TEMPORAL_UI_URL' | 'TEMPORAL_NAMESPACE'>; log: Logger };

function caseIdOf(raw: string): string {
  const parsed = CaseId.safeParse(raw);
  if (!parsed.success) throw notFound('case');
  return parsed.data;
}

/**
 * The workflow's own state (a query works on running and on finished cases) and whether it runs.
 * When no worker answers (one is restarting), or the workflow has not run its first task, the state
 * is null and the caller shows the projection.
 */
async function liveState(client: Client, caseId: string, log: Logger): Promise<{ state: CaseState | null; running: boolean } | undefined> {
  const handle = client.workflow.getHandle(caseId);
  let running: boolean;
  let historyLength: number;
  try {
    const description = await handle.describe();
    running = description.status.name === 'RUNNING';
    historyLength = description.historyLength;
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return undefined;
    throw err;
  }
  // No workflow task completed yet (the first completion is event 4 at the earliest): the workflow
  // has no state to give, and a query would wait for a worker up to its whole deadline.
  if (historyLength < 4) return { state: null, running };
  try {
    return { state: (await handle.query(caseStateQuery)) ?? null, running };
  } catch (err) {
    log.warn({ caseId, err: (err as Error).message }, 'case query failed; answering from the projection');
    return { state: null, running };
  }
}

export function casesRouter({ prisma, client, config, log }: Deps): Router {
  const r = Router();

  // The work queue: cases ordered by their next deadline, filtered, paginated.
  r.get('/', async (req, res) => {
    const q = parseOr400(CaseQuery, req.query, 'query');
    const principal = principalOf(req);
    const decision = authorize(principal, 'queue:read', { gemeente: q.gemeente });
    if (!decision.allowed) throw new HttpError(403, 'forbidden', decision.reason);
    const where = {
      gemeente: q.gemeente ?? { in: principal.gemeenten },
      ...(q.status && { duoStatus: q.status }),
      ...(q.phase && { phase: q.phase }),
      ...(q.consultant && { consultantId: q.consultant }),
      ...(q.school && { schoolBrin: q.school }),
      ...(q.step && { step: q.step }),
      ...(q.thuiszitter && { thuiszitter: q.thuiszitter === 'true' }),
    };
    const [total, rows] = await Promise.all([
      prisma.case.count({ where }),
      prisma.case.findMany({
        where,
        orderBy: [{ nextDeadline: { sort: 'asc', nulls: 'last' } }, { openedAt: 'asc' }],
        skip: (q.page - 1) * q.pageSize,
        take: q.pageSize,
        select: { id: true, duoStatus: true, phase: true, step: true, gemeente: true, schoolBrin: true, consultantId: true, routes: true, nextDeadline: true, openedAt: true, closedAt: true, closureReason: true, thuiszitter: true },
      }),
    ]);
    res.json({ page: q.page, pageSize: q.pageSize, total, items: rows });
  });

  r.get('/:caseId', async (req, res) => {
    const caseId = caseIdOf(req.params.caseId);
    const [row, live] = await Promise.all([
      prisma.case.findUnique({ where: { id: caseId }, include: { youth: true } }),
      liveState(client, caseId, log),
    ]);
    if (!row && live === undefined) throw notFound('case');
    const source = live?.state ? 'workflow' : 'projection';
    const state = live?.state ?? (row?.state as unknown as CaseState | undefined) ?? null;
    const meldingen = await prisma.melding.findMany({ where: { caseId }, orderBy: { receivedAt: 'asc' }, select: { id: true, kind: true, reportDate: true, receivedAt: true, youthId: true } });
    // The youth of the projection, else of the workflow, else of the first melding: a case just
    // started (an escalated signal) has neither a projection nor state until its first task ran.
    const youthId = state?.youthId ?? meldingen[0]?.youthId;
    const youth = row?.youth ?? (youthId ? await prisma.youth.findUnique({ where: { id: youthId } }) : null);
    res.json({
      caseId,
      // The workflow's state; the projection when no worker answers or the history is gone.
      state,
      source,
      running: live?.running ?? false,
      youth: youth && { id: youth.id, firstName: youth.firstName, lastName: youth.lastName, dateOfBirth: youth.dateOfBirth },
      // What a melding said about the youth that differs from the register: a fact to check (issue 18).
      identityChecks: youth ? await caseIdentityChecks(prisma, caseId, youth) : [],
      meldingen: meldingen.map(({ youthId: _, ...m }) => m),
      temporalUi: `${config.TEMPORAL_UI_URL}/namespaces/${encodeURIComponent(config.TEMPORAL_NAMESPACE)}/workflows/${encodeURIComponent(caseId)}`,
    });
  });

  // One route per registry entry (domain/actions); the workflow's validator checks the input again.
  for (const action of CASE_ACTION_ROUTES) {
    r.post(`/:caseId/${action.path}`, async (req, res) => {
      const caseId = caseIdOf(req.params.caseId);
      const input = parseOr400(action.body, req.body ?? {});
      const handle = client.workflow.getHandle(caseId);
      const update = caseUpdates[action.name] as UpdateDefinition<CaseState, [WithActor<unknown>], string>;
      const updateId = updateIdFor(req, res, action.name);
      const state = await whenRunning(client, caseId, 'case', () => handle.executeUpdate(update, { args: [{ actor: actorOf(req), input }], updateId }));
      res.status(action.status).json({ caseId, state });
    });
  }

  r.post('/:caseId/school-information', async (req, res) => {
    const caseId = caseIdOf(req.params.caseId);
    const input = parseOr400(CASE_SIGNALS.schoolInformationReceived.input, req.body ?? {});
    await recordSchoolInformation({ prisma, client }, caseId, input, actorOf(req));
    res.status(202).json({ caseId, accepted: true });
  });

  for (const fact of CASE_FACT_ROUTES.filter((f) => !f.custom)) {
    r.post(`/:caseId/${fact.path}`, async (req, res) => {
      const caseId = caseIdOf(req.params.caseId);
      const input = parseOr400(fact.body, req.body ?? {});
      const signal = caseSignals[fact.name] as SignalDefinition<[WithActor<unknown>], string>;
      await whenRunning(client, caseId, 'case', () => client.workflow.getHandle(caseId).signal(signal, { actor: actorOf(req), input }));
      res.status(fact.status).json({ caseId, accepted: true });
    });
  }

  return r;
}


