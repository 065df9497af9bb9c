import { z } from 'zod';
import { haltEligibility, type HaltInput } from './halt';
import type { VerzuimKind } from './melding';
import type { Regime } from './regime';
import { fromViolations, type RuleResult, type RuleViolation } from './rule-violation';

/** The MAS routes after the judgement 'ongeoorloofd'; they can be combined. */
export const RouteKind = z.enum(['waarschuwing', 'hulpverlening', 'halt', 'civiel', 'strafrechtelijk']);
export type RouteKind = z.infer<typeof RouteKind>;

export const ProcesVerbaalAgainst = z.enum(['ouders', 'jongere']);
export type ProcesVerbaalAgainst = z.infer<typeof ProcesVerbaalAgainst>;

export const PvOutcome = z.enum(['sepot', 'strafbeschikking', 'zitting-veroordeling', 'zitting-vrijspraak']);
export type PvOutcome = z.infer<typeof PvOutcome>;

export const HaltOutcome = z.enum(['geslaagd', 'mislukt']);
export type HaltOutcome = z.infer<typeof HaltOutcome>;

/** Only leer- and kwalificatieplicht carry obligations the Leerplichtwet can enforce (art. 22). */
const ENFORCEABLE: readonly Regime[] = ['leerplichtig', 'kwalificatieplichtig'];

export type RouteChoice = {
  routes: RouteKind[];
  regime: Regime;
  ageYears: number;
  meldingKind: VerzuimKind;
  /** Required to choose the strafrechtelijk route for luxe verzuim. */
  luxe?: { daysAbsent: number; earlierLuxeMeldingen: number };
  halt?: Omit<HaltInput, 'ageOnReferral'>;
  earlierHaltForVerzuim: boolean;
  absoluutEnrolTermEnded?: boolean;
  /** Refusing the hoorgesprek is itself grounds for a proces-verbaal. */
  hoorgesprekRefused?: boolean;
};

/** The rules of the Leerplichtwet and the MAS for the routes a consultant chooses. Every broken rule is reported. */
export function routeChoiceRules(input: RouteChoice): RuleResult {
  const v: RuleViolation[] = [];
  const { routes, regime } = input;
  const chosen = (r: RouteKind) => routes.includes(r);
  const enforceable = ENFORCEABLE.includes(regime);
  const is18plus = regime === 'achttien-plus';

  if (routes.length === 0) v.push({ code: 'route.none', message: 'Choose at least one route.' });
  const twice = routes.filter((r, i) => routes.indexOf(r) !== i);
  if (twice.length) v.push({ code: 'route.duplicate', message: `A route is chosen twice: ${[...new Set(twice)].join(', ')}.` });

  if (chosen('strafrechtelijk') && !enforceable)
    v.push(
      is18plus
        ? { code: 'route.penal-18plus', message: 'No strafrechtelijk route from 18: there is no leer- or kwalificatieplicht, the Doorstroompunt only offers support.' }
        : { code: 'route.penal-regime', message: `No strafrechtelijk route for a youth who is ${regime}: only leer- and kwalificatieplicht can be enforced.` },
    );
  if (chosen('halt')) {
    if (!enforceable)
      v.push(
        is18plus
          ? { code: 'route.halt-18plus', message: 'No Halt from 18: Halt for verzuim is for youth under leer- or kwalificatieplicht.' }
          : { code: 'route.halt-regime', message: `No Halt for a youth who is ${regime}.` },
      );
    const halt = haltEligibility({
      // Without the Halt facts nobody consented: that is reported, not assumed.
      youthConsent: false,
      ...input.halt,
      ageOnReferral: input.ageYears,
      earlierHaltForVerzuim: input.earlierHaltForVerzuim || (input.halt?.earlierHaltForVerzuim ?? false),
    });
    if (!halt.ok) v.push(...halt.violations);
  }
  // An officiële waarschuwing announces enforcement, so it needs an obligation to enforce.
  if (chosen('waarschuwing') && !enforceable)
    v.push(
      is18plus
        ? { code: 'route.waarschuwing-18plus', message: 'No officiële waarschuwing from 18: there is no leer- or kwalificatieplicht to warn about.' }
        : { code: 'route.waarschuwing-regime', message: `No officiële waarschuwing for a youth who is ${regime}.` },
    );
  // Jeugdbescherming (Raad voor de Kinderbescherming, Jeugdbeschermingstafel) is for minors only.
  if (chosen('civiel') && input.ageYears >= 18)
    v.push({ code: 'route.civiel-adult', message: `No dwang in civiel kader for an adult (the youth is ${input.ageYears}): child protection ends at 18.` });

  const penalForVerzuim = chosen('strafrechtelijk') && !input.hoorgesprekRefused;
  if (penalForVerzuim && input.meldingKind === 'luxe') {
    if (!input.luxe)
      v.push({ code: 'luxe.facts', message: 'For a proces-verbaal for luxe verzuim, record the days absent and the earlier luxe meldingen first.' });
    else if (input.luxe.earlierLuxeMeldingen === 0 && input.luxe.daysAbsent <= 1)
      v.push({
        code: 'luxe.first-warning',
        message: 'A first luxe verzuim of at most one day gets an officiële waarschuwing instead of a proces-verbaal.',
      });
  }
  if (penalForVerzuim && input.meldingKind === 'absoluut' && !input.absoluutEnrolTermEnded)
    v.push({ code: 'absoluut.enrol-term', message: 'With absoluut verzuim the proces-verbaal follows only after the term to enrol has ended.' });
  return fromViolations(v);
}

/** Against whom a proces-verbaal can be drawn up (Leerplichtwet art. 22: the parents, and the youth from 12). */
export function procesVerbaalRules(input: { against: ProcesVerbaalAgainst[]; ageYears: number; regime: Regime }): RuleResult {
  const v: RuleViolation[] = [];
  if (input.against.length === 0) v.push({ code: 'pv.against', message: 'Say against whom the proces-verbaal is drawn up: the ouders, the jongere or both.' });
  if (new Set(input.against).size !== input.against.length) v.push({ code: 'pv.duplicate', message: 'The same party is named twice.' });
  if (input.against.includes('jongere') && input.ageYears < 12)
    v.push({ code: 'pv.youth-under-12', message: `A proces-verbaal against the jongere is only possible from 12; the youth is ${input.ageYears}.` });
  if (!ENFORCEABLE.includes(input.regime))
    v.push(
      input.regime === 'achttien-plus'
        ? { code: 'pv.18plus', message: 'No proces-verbaal from 18: there is no leer- or kwalificatieplicht.' }
        : { code: 'pv.regime', message: `No proces-verbaal for a youth who is ${input.regime}.` },
    );
  return fromViolations(v);
}

/** A proces-verbaal against parents convicted before goes in copy to the Raad voor de Kinderbescherming. */
export function copyToRaadRequired(input: { parentsConvictedBefore: boolean; against: ProcesVerbaalAgainst[] }): boolean {
  return input.parentsConvictedBefore && input.against.includes('ouders');
}

/** The routes that follow a Halt outcome: a failed Halt intervention leads to a proces-verbaal. */
export function afterHaltOutcome(outcome: HaltOutcome): RouteKind[] {
  return outcome === 'mislukt' ? ['strafrechtelijk'] : [];
}
