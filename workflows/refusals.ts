import { ApplicationFailure } from '@temporalio/workflow';
import type { Check } from '../domain/case/checks';
import { PHASE_CONFLICT, RULE_VIOLATION, STEP_IN_PROGRESS } from './messages';

/** A refused step as the caller sees it: PhaseConflict (409) or RuleViolation (422), with the rules' violations. */
export function refusal(check: Exclude<Check, { ok: true }>): ApplicationFailure {
  return ApplicationFailure.create({
    type: check.kind === 'phase-conflict' ? PHASE_CONFLICT : RULE_VIOLATION,
    message: check.violations.map((v) => v.message).join(' '),
    details: [check.violations],
    nonRetryable: true,
  });
}

/**
 * A step that came while the process runs a local activity: refused before it enters the history,
 * and sent again by the client (platform/step-retry.ts). See STEPS_IN_SEQUENCE_PATCH for why.
 */
export function busyRefusal(subject: string): ApplicationFailure {
  return ApplicationFailure.create({
    type: STEP_IN_PROGRESS,
    message: `${subject} is still taking its previous step; send the step again in a moment.`,
    details: [[{ code: 'step.in-progress', message: `${subject} is still taking its previous step.` }]],
    nonRetryable: true,
  });
}
