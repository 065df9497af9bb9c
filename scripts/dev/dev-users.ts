import { ZHZ_GEMEENTEN } from '../../domain/policy';

/**
 * The people a newcomer can log in as at the development OIDC provider: one of each role.
 * Their claims are what a gemeente's identity provider would put in the tokens (role, gemeenten,
 * school_brin); production never sees this list.
 */
export type DevUser = { sub: string; name: string; role: string; description: string; gemeenten: string[]; schoolBrin?: string };

const ALL = ZHZ_GEMEENTEN.map((g) => g.code);

export const DEV_USERS: DevUser[] = [
  { sub: 'lpa-anna', name: 'Anna Bakker', role: 'consultant', description: 'Leerplichtambtenaar, gemeente Dordrecht (GM0505)', gemeenten: ['GM0505'] },
  { sub: 'teamlead-tom', name: 'Tom de Graaf', role: 'teamlead', description: 'Teamleider LVS Zuid-Holland Zuid (alle gemeenten)', gemeenten: ALL },
  { sub: 'manager-mia', name: 'Mia Jansen', role: 'management', description: 'Management LVS Zuid-Holland Zuid: rapportages en audit (alle gemeenten)', gemeenten: ALL },
  { sub: 'admin-ahmed', name: 'Ahmed El Amrani', role: 'admin', description: 'Functioneel beheerder: beleid en toewijzing (alle gemeenten)', gemeenten: ALL },
  { sub: 'school-12ab', name: 'Testcollege (12AB)', role: 'school', description: 'Verzuimcoördinator van school 12AB', gemeenten: [], schoolBrin: '12AB' },
  { sub: 'partner-jgz', name: 'JGZ Zuid-Holland Zuid', role: 'partner', description: 'Partner (JGZ): meldt vroegsignalen', gemeenten: ALL },
  { sub: 'privacy-pim', name: 'Pim Visser', role: 'privacy', description: 'Privacy officer: logboek dataverwerkingen', gemeenten: [] },
];

export function devUser(sub: string): DevUser | undefined {
  return DEV_USERS.find((u) => u.sub === sub);
}

/** The claims of a development user, as the API and the web session read them. */
export function devClaims(u: DevUser): Record<string, unknown> {
  return { name: u.name, role: u.role, gemeenten: u.gemeenten, ...(u.schoolBrin && { school_brin: u.schoolBrin }) };
}
