import { fromViolations, type RuleResult, type RuleViolation } from './rule-violation';

export type HaltInput = {
  ageOnReferral: number;
  hoursAbsent?: number;
  timesLate?: number;
  youthConsent: boolean;
  parentConsent?: boolean;
  earlierHaltForVerzuim: boolean;
  untreatedSeriousPsychiatricProblems?: boolean;
};

/** Halt's criteria for a referral for verzuim. Every broken criterion is reported. */
export function haltEligibility(input: HaltInput): RuleResult {
  const v: RuleViolation[] = [];
  if (input.ageOnReferral < 12 || input.ageOnReferral >= 18)
    v.push({ code: 'halt.age', message: `Halt is only for youth of 12 up to 18 (the youth is ${input.ageOnReferral}).` });
  const hours = input.hoursAbsent ?? 0;
  const late = input.timesLate ?? 0;
  const hoursFit = hours >= 9 && hours <= 60;
  const lateFit = late >= 12 && late <= 60;
  if (!hoursFit && !lateFit)
    v.push({ code: 'halt.hours', message: `Halt needs 9 to 60 hours of verzuim or 12 to 60 times late (here: ${hours} hours, ${late} times late).` });
  if (!input.youthConsent) v.push({ code: 'halt.consent', message: 'Halt needs the consent of the youth.' });
  if (input.ageOnReferral < 16 && !input.parentConsent)
    v.push({ code: 'halt.parent-consent', message: "Halt needs the parents' consent for a youth under 16." });
  if (input.earlierHaltForVerzuim)
    v.push({ code: 'halt.earlier-referral', message: 'The youth was referred to Halt for verzuim before; a second Halt referral is not possible.' });
  if (input.untreatedSeriousPsychiatricProblems)
    v.push({ code: 'halt.psychiatric', message: 'Halt is not possible with untreated serious psychiatric problems; refer to help first.' });
  return fromViolations(v);
}
