import { authorize, PERMISSIONS, type Permission, type Principal } from '../../domain/access-policy';
import type { Role } from '../../domain/case/actor';

const ROLES: Role[] = ['consultant', 'teamlead', 'management', 'admin', 'school', 'partner', 'privacy'];
const who = (role: Role, extra: Partial<Principal> = {}): Principal => ({ id: `${role}-1`, role, gemeenten: ['GM0505'], ...extra });

// The expected matrix, written out by hand: a change to PERMISSIONS must change this table too.
const EXPECTED: Record<Permission, Role[]> = {
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
  'notifications:read': ['consultant', 'teamlead'],
};

describe('access policy: every role against every permission', () => {
  test('the table covers every permission', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(Object.keys(PERMISSIONS).sort());
  });
  for (const permission of Object.keys(EXPECTED) as Permission[]) {
    for (const role of ROLES) {
      const allowed = EXPECTED[permission].includes(role);
      test(`${role} ${allowed ? 'may' : 'may not'} ${permission}`, () => {
        const d = authorize(who(role, { schoolBrin: role === 'school' ? '12AB' : undefined }), permission, {});
        expect(d.allowed).toBe(allowed);
        if (!d.allowed) expect(d.reason).toMatch(/may not/);
      });
    }
  }
  test('the system role is never a user', () => {
    expect(authorize(who('system'), 'case:read').allowed).toBe(false);
  });
});

describe('access policy: scope', () => {
  test('consultants and team leads only reach the gemeenten of their region', () => {
    expect(authorize(who('consultant'), 'case:read', { gemeente: 'GM0505' })).toEqual({ allowed: true });
    expect(authorize(who('consultant'), 'case:read', { gemeente: 'GM0590' })).toEqual({ allowed: false, reason: 'gemeente GM0590 is outside your region' });
    expect(authorize(who('teamlead', { gemeenten: ['GM0505', 'GM0590'] }), 'case:reassign', { gemeente: 'GM0590' }).allowed).toBe(true);
  });
  test('a partner reports early signals only in the gemeenten it works in', () => {
    expect(authorize(who('partner'), 'signal:create', { gemeente: 'GM0505' })).toEqual({ allowed: true });
    expect(authorize(who('partner'), 'signal:create', { gemeente: 'GM0590' })).toEqual({ allowed: false, reason: 'gemeente GM0590 is outside your region' });
    expect(authorize(who('partner'), 'melding:create', { gemeente: 'GM0505' })).toEqual({ allowed: false, reason: 'a partner organisation may not melding create' });
    expect(authorize(who('school'), 'signal:create', {}).allowed).toBe(false);
  });
  test('a school reports only its own pupils and needs a BRIN in its token', () => {
    expect(authorize(who('school', { schoolBrin: '12AB' }), 'melding:create', { schoolBrin: '12AB' }).allowed).toBe(true);
    expect(authorize(who('school', { schoolBrin: '12AB' }), 'melding:create', { schoolBrin: '34CD' })).toEqual({ allowed: false, reason: 'a school may only report its own pupils' });
    expect(authorize(who('school'), 'melding:create', {}).allowed).toBe(false);
  });
});
