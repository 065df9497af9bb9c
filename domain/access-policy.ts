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
  /** A school's own meldingen and their DUO status: only those of the BRIN in its token (ownSchoolBrin). */
  'melding:read-own': ['school'],
  'signal:create': ['school', 'partner', 'consultant', 'teamlead'],
  'signal:read': ['consultant', 'teamlead'],
  'signal:act': ['consultant', 'teamlead'],
  'case:read': ['consultant', 'teamlead'],
  'case:act': ['consultant', 'teamlead'],
  'case:reassign': ['teamlead'],
  'queue:read': ['consultant', 'teamlead'],
  'vrijstelling:write': ['consultant', 'teamlead'],
  'vrijstelling:read': ['consultant', 'teamlead'],
  /** The youth register entry: what the register and each melding or signal say about the youth. */
  'youth:read': ['consultant', 'teamlead'],
  /** Correcting the register (name, date of birth): a consultant of a gemeente with the youth in a case. */
  'youth:identity': ['consultant'],
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

/**
 * The data a request touches, where its scope matters: one gemeente (a case, a signal, a report),
 * the gemeenten where a youth is known (any of them will do), or a school.
 */
export type Scope = { gemeente?: string; gemeenten?: readonly string[]; schoolBrin?: string };

/** Roles whose reach is the gemeenten in their token; schools reach their BRIN, the privacy officer the access log. */
const GEMEENTE_SCOPED: readonly Role[] = ['consultant', 'teamlead', 'partner', 'management', 'admin'];

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
  if (scope.gemeente && GEMEENTE_SCOPED.includes(p.role) && !p.gemeenten.includes(scope.gemeente))
    return { allowed: false, reason: `gemeente ${scope.gemeente} is outside your region` };
  if (scope.gemeenten && GEMEENTE_SCOPED.includes(p.role) && !scope.gemeenten.some((g) => p.gemeenten.includes(g)))
    return { allowed: false, reason: 'this youth has no case or signal in a gemeente of your region' };
  if (p.role === 'school' && scope.schoolBrin !== undefined && scope.schoolBrin !== p.schoolBrin)
    return { allowed: false, reason: 'a school may only report its own pupils' };
  if (p.role === 'school' && (permission === 'melding:create' || permission === 'signal:create' || permission === 'melding:read-own') && !p.schoolBrin)
    return { allowed: false, reason: 'the school token carries no BRIN' };
  return { allowed: true };
}

/**
 * The one school whose meldingen a caller may read with 'melding:read-own': the BRIN in its own
 * token, never one from the request; null for anyone else (who is refused).
 */
export function ownSchoolBrin(p: Principal): string | null {
  return authorize(p, 'melding:read-own').allowed && p.schoolBrin ? p.schoolBrin : null;
}

/** Where a case belongs: its gemeente and the school of the melding that opened it. */
export type CaseRef = { gemeente: string; schoolBrin?: string | null };

/**
 * Whether an answer may name a case (its id) to this caller: who may read it, or the school whose
 * melding opened it. Anyone else learns nothing of a case, not even that it exists.
 */
export function mayKnowCase(p: Principal, c: CaseRef): boolean {
  if (authorize(p, 'case:read', { gemeente: c.gemeente }).allowed) return true;
  return p.role === 'school' && !!p.schoolBrin && c.schoolBrin === p.schoolBrin;
}

/**
 * A repeated melding or signal id is the same submission only from the same source with the same
 * content (an idempotent retry); otherwise it is refused with the reason, which names nothing of
 * the earlier submission.
 */
export function sameSubmission(earlier: { source: string | null; content: string }, now: { source: string; content: string }): Decision {
  if (earlier.source !== null && earlier.source !== now.source)
    return { allowed: false, reason: 'this id is already used by another sender; choose another id' };
  if (earlier.content !== now.content) return { allowed: false, reason: 'this id was registered before with other content; a correction needs a new id' };
  return { allowed: true };
}

/** Who sent a submission, for sameSubmission: a school by its BRIN (any of its users), anyone else by their own id. */
export function submissionSource(p: Pick<Principal, 'id' | 'role' | 'schoolBrin'>): string {
  return p.role === 'school' && p.schoolBrin ? `school:${p.schoolBrin}` : `user:${p.id}`;
}
