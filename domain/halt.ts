import { fromViolations, type RuleResult, type RuleViolation } from './rule-violation';

export type HaltInput = {
  /** Age in full years on the day of the referral. */
  ageOnReferral: number;
  hoursAbsent?: number;
  timesLate?: number;
  youthConsent: boolean;
  parentConsent?: boolean;
  earlierHaltForVerzuim: boolean;
  untreatedSeriousPsychiatricProblems?: boolean;
};

/**
 * Halt's criteria for a referral for verzuim (a Halt-straf is a light alternative to a
 * proces-verbaal, so it is bounded on both sides). Every broken criterion is reported, so the
 * consultant sees at once all that stands in the way.
 */
export function haltEligibility(input: HaltInput): RuleResult {
  const v: RuleViolation[] = [];
  const age = input.ageOnReferral;
  if (age < 12 || age >= 18)
    v.push({ code: 'halt.age', message: `Halt is only for a youth of 12 up to 18; this youth is ${age}.` });
  const hours = input.hoursAbsent ?? 0;
  const late = input.timesLate ?? 0;
  const hoursFit = hours >= 9 && hours <= 60;
  const lateFit = late >= 12 && late <= 60;
  if (!hoursFit && !lateFit)
    v.push({
      code: 'halt.hours',
      message: `Halt needs 9 to 60 hours of verzuim or 12 to 60 times late; here it is ${hours} hours and ${late} times late.`,
    });
  if (!input.youthConsent) v.push({ code: 'halt.consent', message: 'Halt needs the consent of the youth.' });
  if (age < 16 && !input.parentConsent)
    v.push({ code: 'halt.parent-consent', message: "Halt needs the parents' consent as well for a youth under 16." });
  if (input.earlierHaltForVerzuim)
    v.push({ code: 'halt.earlier-referral', message: 'The youth was referred to Halt for verzuim before; Halt is possible only once for verzuim.' });
  if (input.untreatedSeriousPsychiatricProblems)
    v.push({
      code: 'halt.psychiatric',
      message: 'Halt is not possible while serious psychiatric problems are untreated; refer to hulpverlening first.',
    });
  return fromViolations(v);
}
