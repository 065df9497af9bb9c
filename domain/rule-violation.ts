/** A rule that refuses a step, with a stable code and a sentence a consultant understands. */
export type RuleViolation = { code: string; message: string };
export type RuleResult = { ok: true } | { ok: false; violations: RuleViolation[] };

export const ok = (): RuleResult => ({ ok: true });

export function fromViolations(violations: RuleViolation[]): RuleResult {
  return violations.length ? { ok: false, violations } : { ok: true };
}
