import { uniqueBsns } from '../dev/bsn';
import type { KnownIds } from './requests';

/** The roles the fuzz sends as (with `none`: no token, `forged`: a token no issuer signed). */
export async function fuzzTokens(
  mint: (claims: { sub: string; role: string; gemeenten?: string[]; schoolBrin?: string }) => Promise<string>,
  gemeenten: string[],
): Promise<Record<string, string | null>> {
  const roles = ['consultant', 'teamlead', 'management', 'admin', 'partner', 'privacy'];
  const tokens: Record<string, string | null> = { none: null, forged: 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJmdXp6In0.Zm9yZ2Vk' };
  for (const role of roles) tokens[role] = await mint({ sub: `fuzz-${role}`, role, gemeenten });
  tokens.school = await mint({ sub: 'fuzz-school', role: 'school', schoolBrin: '12AB' });
  // Another gemeente: every scoped route must refuse it, never fail.
  tokens['consultant-elsewhere'] = await mint({ sub: 'fuzz-elders', role: 'consultant', gemeenten: ['GM9999'] });
  return tokens;
}

const bsn = uniqueBsns();

/** A case, its youth and an early signal to aim the path parameters at. */
export async function seedForFuzz(base: string, tokens: Record<string, string | null>): Promise<KnownIds> {
  const day = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
  const call = async (token: string, method: string, url: string, body?: unknown) => {
    const res = await fetch(`${base}${url}`, { method, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.status, body: (await res.json().catch(() => null)) as any };
  };
  const youth = { bsn: bsn(), firstName: 'Fuzz', lastName: 'Jongere', dateOfBirth: day(365 * 13) };
  const m = await call(tokens.school!, 'POST', '/api/meldingen', {
    meldingId: `fuzz-${Date.now()}`,
    kind: 'zestien-uur',
    reportDate: day(0),
    startDate: day(28),
    endDate: day(1),
    hoursAbsent: 20,
    gemeente: 'GM0505',
    youth,
    school: { brin: '12AB', name: 'Fuzzcollege' },
    melder: { name: 'F. Uzz', function: 'verzuimcoördinator', email: 'fuzz@school.example' },
  });
  if (m.status !== 201) throw new Error(`seeding the fuzz case failed: ${m.status} ${JSON.stringify(m.body)}`);
  const s = await call(tokens.school!, 'POST', '/api/signals', {
    signalId: `fuzz-${Date.now()}`,
    concern: 'anders',
    description: 'Zorgen',
    reportDate: day(0),
    youth: { ...youth, bsn: bsn() },
    gemeente: 'GM0505',
    school: { brin: '12AB', name: 'Fuzzcollege' },
    reporter: { organisation: 'Fuzzcollege', name: 'F. Uzz', function: 'mentor' },
  });
  let youthId: string | undefined;
  for (let i = 0; i < 100 && !youthId; i++) {
    youthId = (await call(tokens.consultant!, 'GET', `/api/cases/${m.body.caseId}`)).body?.youth?.id;
    if (!youthId) await new Promise((r) => setTimeout(r, 200));
  }
  return { caseId: m.body.caseId, signalId: s.body?.signalId, youthId, regionId: 'zhz' };
}
