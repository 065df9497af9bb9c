import { authorize, mayKnowCase, ownSchoolBrin, sameSubmission, submissionSource, PERMISSIONS, type Permission, type Principal } from '../../domain/access-policy';
import type { Role } from '../../domain/case/actor';

const ROLES: Role[] = ['consultant', 'teamlead', 'management', 'admin', 'school', 'partner', 'privacy'];
const who = (role: Role, extra: Partial<Principal> = {}): Principal => ({ id: `${role}-1`, role, gemeenten: ['GM0505'], ...extra });

// The expected matrix, written out by hand: a change to PERMISSIONS must change this table too.
const EXPECTED: Record<Permission, Role[]> = {
  'melding:create': ['school', 'consultant', 'teamlead'],
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
  'youth:read': ['consultant', 'teamlead'],
  'youth:identity': ['consultant'],
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
  test("a school reads only its own meldingen: the BRIN of its token, never another's", () => {
    expect(ownSchoolBrin(who('school', { schoolBrin: '12AB' }))).toBe('12AB');
    expect(ownSchoolBrin(who('school'))).toBeNull();
    expect(authorize(who('school'), 'melding:read-own')).toEqual({ allowed: false, reason: 'the school token carries no BRIN' });
    expect(authorize(who('school', { schoolBrin: '12AB' }), 'melding:read-own', { schoolBrin: '34CD' })).toMatchObject({ allowed: false });
    for (const role of ROLES.filter((r) => r !== 'school')) expect(ownSchoolBrin(who(role, { schoolBrin: '12AB' }))).toBeNull();
  });
});

describe('access policy: scope of every gemeente-bound role, youth, answers and repeated ids (issue 18)', () => {
  test('management and administrators reach only their gemeenten too', () => {
    expect(authorize(who('management'), 'reports:read', { gemeente: 'GM9999' })).toEqual({ allowed: false, reason: 'gemeente GM9999 is outside your region' });
    expect(authorize(who('management'), 'audit:read', { gemeente: 'GM0505' }).allowed).toBe(true);
    expect(authorize(who('admin'), 'codec:decode', { gemeente: 'GM9999' }).allowed).toBe(false);
    expect(authorize(who('privacy'), 'access-log:read', { gemeente: 'GM9999' }).allowed).toBe(true);
  });
  test('a youth is reached through a gemeente where it has a case or signal', () => {
    expect(authorize(who('consultant'), 'vrijstelling:read', { gemeenten: ['GM9999', 'GM0505'] }).allowed).toBe(true);
    expect(authorize(who('consultant', { gemeenten: ['GM9999'] }), 'vrijstelling:read', { gemeenten: ['GM0505'] })).toEqual({
      allowed: false,
      reason: 'this youth has no case or signal in a gemeente of your region',
    });
    expect(authorize(who('consultant'), 'youth:identity', { gemeenten: [] }).allowed).toBe(false);
    expect(authorize(who('teamlead'), 'youth:identity', { gemeenten: ['GM0505'] }).allowed).toBe(false);
  });
  test('an answer names a case only to who may read it, or the school whose melding opened it', () => {
    const kase = { gemeente: 'GM0505', schoolBrin: '12AB' };
    expect(mayKnowCase(who('consultant'), kase)).toBe(true);
    expect(mayKnowCase(who('consultant', { gemeenten: ['GM9999'] }), kase)).toBe(false);
    expect(mayKnowCase(who('school', { schoolBrin: '12AB' }), kase)).toBe(true);
    expect(mayKnowCase(who('school', { schoolBrin: '34CD' }), kase)).toBe(false);
    expect(mayKnowCase(who('partner'), kase)).toBe(false);
  });
  test('a repeated id is a retry only from the same source with the same content', () => {
    const school = submissionSource({ id: 'u1', role: 'school', schoolBrin: '12AB' });
    expect(school).toBe('school:12AB');
    expect(submissionSource({ id: 'u2', role: 'school', schoolBrin: '12AB' })).toBe(school);
    expect(sameSubmission({ source: school, content: 'a' }, { source: school, content: 'a' })).toEqual({ allowed: true });
    expect(sameSubmission({ source: school, content: 'a' }, { source: 'school:34CD', content: 'a' }).allowed).toBe(false);
    expect(sameSubmission({ source: school, content: 'a' }, { source: school, content: 'b' })).toMatchObject({ allowed: false, reason: expect.stringMatching(/other content/) });
    // Rows from before sources were recorded: the content decides.
    expect(sameSubmission({ source: null, content: 'a' }, { source: school, content: 'a' }).allowed).toBe(true);
  });
});
