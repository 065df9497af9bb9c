import { z } from 'zod';
import { CasePhase, ClosureReason, DuoStatus } from '../duo-status';

/**
 * What the actions answer over HTTP. The states are plain JSON with many optional parts (older
 * cases lack newer fields); the schemas name what a client can rely on and let the rest through.
 *
 * Built on first use, all together: the action registry names them, so the workflow bundle
 * imports this module, and the worker evaluates its modules again for every workflow it starts or
 * replays, which never reads an answer (domain/lazy-schema.ts says why that matters). They carry
 * their OpenAPI ids (`.meta`), which the generator keeps by object, hence no lazySchema here.
 */
function build() {
  const instant = z.string().describe('ISO 8601 instant');

  const DeadlineAnswer = z.looseObject({
    id: z.string(),
    kind: z.string(),
    owner: z.enum(['school', 'consultant', 'system']),
    dueAt: instant,
    remindAt: instant.optional(),
    /** The second reminder to the school (after the deadline); older cases have none. */
    secondRemindAt: instant.optional(),
    escalateAt: instant.optional(),
    reminded: z.boolean(),
    expired: z.boolean(),
    escalated: z.boolean(),
  });

  const CaseStateAnswer = z
    .looseObject({
      caseId: z.string(),
      version: z.number().int(),
      phase: CasePhase,
      step: z.string().nullable(),
      duoStatus: DuoStatus,
      regime: z.string(),
      gemeente: z.string(),
      consultantId: z.string().nullable(),
      teamLeadId: z.string().nullable(),
      deadlines: z.array(DeadlineAnswer),
      routes: z.array(z.looseObject({ kind: z.string(), status: z.string(), startedAt: instant })),
      hoorgesprek: z.looseObject({ invitations: z.array(z.looseObject({ plannedFor: instant, location: z.string(), outcome: z.string().optional() })), refusedToCooperate: z.boolean() }),
      closure: z.looseObject({ reason: ClosureReason, closedAt: instant }).optional(),
    })
    .meta({ id: 'CaseState', description: 'The live state of a case workflow' });

  const CaseActionAnswer = z.object({ caseId: z.string(), state: CaseStateAnswer }).meta({ id: 'CaseActionAnswer' });
  const FactAccepted = z.object({ caseId: z.string(), accepted: z.literal(true) }).meta({ id: 'FactAccepted' });

  const SignalStateAnswer = z
    .looseObject({
      signalId: z.string(),
      version: z.number().int(),
      status: z.enum(['open', 'afgesloten', 'geescaleerd']),
      step: z.enum(['reactie', 'opvolging']).nullable(),
      consultantId: z.string().nullable(),
      deadlines: z.array(DeadlineAnswer),
      contacts: z.array(z.looseObject({ kind: z.string(), at: instant })),
      escalation: z.looseObject({ caseId: z.string(), reason: z.string() }).optional(),
    })
    .meta({ id: 'SignalState', description: 'The live state of an early signal workflow' });

  const SignalActionAnswer = z.object({ signalId: z.string(), state: SignalStateAnswer }).meta({ id: 'SignalActionAnswer' });
  const EscalationAnswer = z
    .object({
      signalId: z.string(),
      caseId: z.string(),
      melding: z.looseObject({ caseId: z.string(), meldingId: z.string(), outcome: z.string() }),
      state: SignalStateAnswer,
    })
    .meta({ id: 'EscalationAnswer' });

  return { DeadlineAnswer, CaseStateAnswer, CaseActionAnswer, FactAccepted, SignalStateAnswer, SignalActionAnswer, EscalationAnswer };
}

let built: ReturnType<typeof build> | undefined;
/** The answer schemas, built on the first call. */
export const answerSchemas = (): ReturnType<typeof build> => (built ??= build());
