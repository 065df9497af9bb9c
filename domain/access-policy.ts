import type { Role } from './case/actor';

/**
 * Who may do what, on which data: the one place the roles and their scope are decided (least
 * privilege, domain.md "Records and privacy"). Pure, so the whole matrix is unit-tested; the API
 * asks it for every route.
 */
export type Principal = {
  id: string;
  role: Role;
  /** Consultants: their gemeenten; team leads: the gemeenten of their region; partners: where they work. */
  gemeenten: string[];
  /** Schools: their BRIN. */
  schoolBrin?: string;
};

export const PERMISSIONS = {
  'melding:create': ['school', 'consultant', 'teamlead'],
  'signal:create': ['school', 'partner', 'consultant', 'teamlead'],
  'signal:read': ['consultant', 'teamlead'],
  'signal:act': ['consultant', 'teamlead'],
  'case:read': ['consultant', 'teamlead'],
  'case:act': ['consultant', 'teamlead'],
  'case:reassign': ['teamlead'],
  'queue:read': ['consultant', 'teamlead'],
  'vrijstelling:write': ['consultant', 'teamlead'],
  'vrijstelling:read': ['consultant', 'teamlead'],
  'config:read': ['admin', 'teamlead'],
  'config:write': ['admin'],
  'reports:read': ['management', 'teamlead'],
  'audit:read': ['management'],
  'duo-feedback:export': ['management', 'admin'],
  'access-log:read': ['privacy'],
  'codec:decode': ['consultant', 'teamlead', 'management', 'admin'],
  /** Their own inbox (team leads also their gemeenten's team inbox): the route narrows to it. */
  'notifications:read': ['consultant', 'teamlead'],
} as const satisfies Record<string, readonly Role[]>;
export type Permission = keyof typeof PERMISSIONS;

/** The data a request touches, where its scope matters. */
export type Scope = { gemeente?: string; schoolBrin?: string };

export type Decision = { allowed: true } | { allowed: false; reason: string };

const ROLE_NAMES: Record<Role, string> = {
  consultant: 'a consultant',
  teamlead: 'a team lead',
  management: 'management',
  admin: 'a functional administrator',
  school: 'a school',
  partner: 'a partner organisation',
  privacy: 'the privacy officer',
  system: 'the system',
};

export function authorize(p: Principal, permission: Permission, scope: Scope = {}): Decision {
  const roles: readonly Role[] = PERMISSIONS[permission];
  if (!roles.includes(p.role)) return { allowed: false, reason: `${ROLE_NAMES[p.role]} may not ${permission.replace(':', ' ')}` };
  if (scope.gemeente && (p.role === 'consultant' || p.role === 'teamlead' || p.role === 'partner') && !p.gemeenten.includes(scope.gemeente))
    return { allowed: false, reason: `gemeente ${scope.gemeente} is outside your region` };
  if (p.role === 'school' && scope.schoolBrin !== undefined && scope.schoolBrin !== p.schoolBrin)
    return { allowed: false, reason: 'a school may only report its own pupils' };
  if (p.role === 'school' && (permission === 'melding:create' || permission === 'signal:create') && !p.schoolBrin)
    return { allowed: false, reason: 'the school token carries no BRIN' };
  return { allowed: true };
}
