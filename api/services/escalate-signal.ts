import type { UpdateDefinition } from '@temporalio/common';
import type { Actor } from '../../domain/case/actor';
import { toIsoDate } from '../../domain/dates';
import { MeldingSchema } from '../../domain/melding';
import { escalationMelding, type EarlySignalReport, type EscalateRequest } from '../../domain/signal/report';
import type { SignalState } from '../../domain/signal/state';
import type { WithActor } from '../../workflows/messages';
import { signalStateQuery, signalUpdates } from '../../workflows/signal-messages';
import { fieldErrors, HttpError, notFound } from '../errors';
import { ensureRunning } from '../running';
import { registerMelding, type RegistrationDeps, type RegistrationResult } from './register-melding';

/**
 * Escalation into a MAS case: the signal becomes a formal melding (its id is the signal's, so a
 * retry registers it once), which opens a case or joins the youth's open one; then the signal
 * records which case it continues in.
 */
export async function escalateSignal(
  deps: RegistrationDeps,
  signalId: string,
  input: EscalateRequest,
  actor: Actor,
): Promise<{ signalId: string; caseId: string; melding: RegistrationResult; state: SignalState }> {
  const { prisma, client } = deps;
  const row = await prisma.earlySignal.findUnique({ where: { id: signalId } });
  if (!row) throw notFound('signal');
  await ensureRunning(client, signalId, 'signal');
  const handle = client.workflow.getHandle(signalId);
  const current = await handle.query(signalStateQuery);
  if (!current) throw new HttpError(409, 'phase-conflict', 'The signal is still being opened; send the step again in a moment.');
  if (current.status !== 'open') throw new HttpError(409, 'signal-closed', `The signal is ${current.status}.`);
  const parsed = MeldingSchema.safeParse(escalationMelding(signalId, row.payload as unknown as EarlySignalReport, row.reporterRole, input, toIsoDate(new Date())));
  if (!parsed.success)
    throw new HttpError(422, 'rule-violation', 'The signal lacks what a formal melding needs: give it in the escalation.', { fields: fieldErrors(parsed.error) });
  const melding = await registerMelding(deps, parsed.data, actor, { fromSignal: signalId });
  const escalate = signalUpdates.escalate as UpdateDefinition<SignalState, [WithActor<unknown>], string>;
  const state = await handle.executeUpdate(escalate, { args: [{ actor, input: { caseId: melding.caseId, reason: input.reason } }] });
  return { signalId, caseId: melding.caseId, melding, state };
}
