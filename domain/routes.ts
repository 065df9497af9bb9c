import { z } from 'zod';
import { haltEligibility, type HaltInput } from './halt';
import type { VerzuimKind } from './melding';
import type { Regime } from './regime';
import { fromViolations, type RuleResult, type RuleViolation } from './rule-violation';

export const RouteKind = z.enum(['waarschuwing', 'hulpverlening', 'halt', 'civiel', 'strafrechtelijk']);
export type RouteKind = z.infer<typeof RouteKind>;

export const ProcesVerbaalAgainst = z.enum(['ouders', 'jongere']);
export type ProcesVerbaalAgainst = z.infer<typeof ProcesVerbaalAgainst>;

export const PvOutcome = z.enum(['sepot', 'strafbeschikking', 'zitting-veroordeling', 'zitting-vrijspraak']);
export type PvOutcome = z.infer<typeof PvOutcome>;

export const HaltOutcome = z.enum(['geslaagd', 'mislukt']);
export type HaltOutcome = z.infer<typeof HaltOutcome>;

const OUTSIDE_LEERPLICHT: Regime[] = ['achttien-plus', 'buiten-doelgroep', 'niet-leerplichtig'];

export type RouteChoice = {
  routes: RouteKind[];
  regime: Regime;
  ageYears: number;
  meldingKind: VerzuimKind;
  luxe?: { daysAbsent: number; earlierLuxeMeldingen: number };
  halt?: Omit<HaltInput, 'ageOnReferral'>;
  earlierHaltForVerzuim: boolean;
  absoluutEnrolTermEnded?: boolean;
  hoorgesprekRefused?: boolean;
};

/** The Leerplichtwet's and the MAS's rules for the routes a consultant chooses. */
export function routeChoiceRules(input: RouteChoice): RuleResult {
  const v: RuleViolation[] = [];
  if (input.routes.length === 0) v.push({ code: 'route.none', message: 'Choose at least one route.' });
  if (new Set(input.routes).size !== input.routes.length) v.push({ code: 'route.duplicate', message: 'A route is chosen twice.' });
  const penal = input.routes.includes('strafrechtelijk');
  if (penal && OUTSIDE_LEERPLICHT.includes(input.regime))
    v.push({
      code: input.regime === 'achttien-plus' ? 'route.penal-18plus' : 'route.penal-regime',
      message: `No strafrechtelijk route for a youth who is ${input.regime} (no leer- or kwalificatieplicht).`,
    });
  if (input.routes.includes('halt')) {
    if (OUTSIDE_LEERPLICHT.includes(input.regime))
      v.push({ code: input.regime === 'achttien-plus' ? 'route.halt-18plus' : 'route.halt-regime', message: `No Halt for a youth who is ${input.regime}.` });
    const halt = haltEligibility({
      ageOnReferral: input.ageYears,
      youthConsent: false,
      ...input.halt,
      earlierHaltForVerzuim: input.earlierHaltForVerzuim || (input.halt?.earlierHaltForVerzuim ?? false),
    });
    if (!halt.ok) v.push(...halt.violations);
  }
  if (penal && input.meldingKind === 'luxe' && input.luxe && input.luxe.earlierLuxeMeldingen === 0 && input.luxe.daysAbsent <= 1)
    v.push({ code: 'luxe.first-warning', message: 'A first luxe verzuim of at most one day gets an officiële waarschuwing, not a proces-verbaal.' });
  if (penal && input.meldingKind === 'absoluut' && !input.absoluutEnrolTermEnded)
    v.push({ code: 'absoluut.enrol-term', message: 'With absoluut verzuim the proces-verbaal follows only after the term to enrol has ended.' });
  return fromViolations(v);
}

/** Against whom a proces-verbaal can be drawn up. */
export function procesVerbaalRules(input: { against: ProcesVerbaalAgainst[]; ageYears: number; regime: Regime }): RuleResult {
  const v: RuleViolation[] = [];
  if (input.against.length === 0) v.push({ code: 'pv.against', message: 'Say against whom the proces-verbaal is drawn up.' });
  if (input.against.includes('jongere') && input.ageYears < 12)
    v.push({ code: 'pv.youth-under-12', message: `A proces-verbaal against the youth is only possible from 12 (the youth is ${input.ageYears}).` });
  if (OUTSIDE_LEERPLICHT.includes(input.regime))
    v.push({ code: 'pv.regime', message: `No proces-verbaal for a youth who is ${input.regime}.` });
  return fromViolations(v);
}

/** A proces-verbaal against parents convicted before goes in copy to the Raad voor de Kinderbescherming. */
export function copyToRaadRequired(input: { parentsConvictedBefore: boolean; against: ProcesVerbaalAgainst[] }): boolean {
  return input.parentsConvictedBefore && input.against.includes('ouders');
}

/** A failed Halt intervention leads to a proces-verbaal. */
export function afterHaltOutcome(outcome: HaltOutcome): RouteKind[] {
  return outcome === 'mislukt' ? ['strafrechtelijk'] : [];
}
