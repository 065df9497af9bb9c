import type { RuleViolation } from '../rule-violation';
import type { Check } from '../case/checks';
import type { RuleSpec, Severity } from './spec';

/**
 * Rule severity: a `refuse` rule (law) refuses the step; an `advise` rule (policy, method) is
 * shown with its reason and the step goes ahead when the consultant gives `adviceReasoning`.
 * A region's policy can make an advised rule refuse (`stricterRules`), never the other way.
 */
export type JudgedViolation = RuleViolation & { severity: Severity };

/** Where the consultant gives the reasoning to go ahead against advice. */
export const ADVICE_REASONING_FIELD = 'adviceReasoning';

export type Judged =
  | { ok: true; advised: JudgedViolation[] }
  | { ok: false; kind: 'phase-conflict'; violations: RuleViolation[] }
  | { ok: false; kind: 'rule-violation'; violations: JudgedViolation[] };

export function severityOf(code: string, rules: readonly RuleSpec[], stricterRules: readonly string[] = []): Severity {
  const rule = rules.find((r) => r.code === code);
  // A code the registry does not declare refuses: new rules are law until someone says otherwise.
  if (!rule || rule.severity === 'refuse') return 'refuse';
  return stricterRules.includes(code) ? 'refuse' : 'advise';
}

function reasoningOf(input: unknown): string | undefined {
  const r = (input as Record<string, unknown> | null)?.[ADVICE_REASONING_FIELD];
  return typeof r === 'string' && r.trim() ? r.trim() : undefined;
}

/** Weighs a check's violations by severity: refused, advised and not overruled, or allowed (with the advice overruled). */
export function judge(check: Check, input: unknown, rules: readonly RuleSpec[], stricterRules?: readonly string[]): Judged {
  if (check.ok) return { ok: true, advised: [] };
  // A step that does not fit the phase is no rule: it is refused as it is (409).
  if (check.kind === 'phase-conflict') return { ok: false, kind: 'phase-conflict', violations: check.violations };
  const violations = check.violations.map((v) => ({ ...v, severity: severityOf(v.code, rules, stricterRules) }));
  if (violations.some((v) => v.severity === 'refuse') || !reasoningOf(input)) {
    const marked = violations.map((v) =>
      v.severity === 'advise' ? { ...v, message: `${v.message} (Advice: to go ahead, give ${ADVICE_REASONING_FIELD}.)` } : v,
    );
    return { ok: false, kind: 'rule-violation', violations: marked };
  }
  return { ok: true, advised: violations };
}

/** The audit's reason for a step taken against advice: which advice, and the consultant's reasoning. */
export function overruledReason(advised: readonly JudgedViolation[], input: unknown): string | undefined {
  if (!advised.length) return undefined;
  return `tegen advies (${advised.map((v) => v.code).join(', ')}): ${reasoningOf(input) ?? ''}`;
}
