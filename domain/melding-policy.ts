import type { Melding } from './melding';
import type { RegionPolicy } from './policy';
import { fromViolations, type RuleResult, type RuleViolation } from './rule-violation';

/**
 * Whether the region takes this melding as a case: the kinds it handles, and its late-coming
 * rule (in ZHZ the 3-6-9 regeling: the school reports at the 9th time late; fewer is an early
 * signal, not a melding).
 */
export function meldingAdmissible(m: Pick<Melding, 'kind' | 'overigReason' | 'timesLate'>, policy: Pick<RegionPolicy, 'verzuimKinds' | 'lateComingReportThreshold' | 'name'>): RuleResult {
  const v: RuleViolation[] = [];
  if (!policy.verzuimKinds.includes(m.kind))
    v.push({ code: 'melding.kind-not-handled', message: `${policy.name} does not handle meldingen of kind ${m.kind}.` });
  if (m.kind === 'overig' && m.overigReason === 'te-laat' && (m.timesLate ?? 0) < policy.lateComingReportThreshold)
    v.push({
      code: 'melding.te-laat-threshold',
      message: `Late coming is reported from the ${policy.lateComingReportThreshold}th time (here ${m.timesLate ?? 0}); fewer is an early signal, not a melding.`,
    });
  return fromViolations(v);
}
