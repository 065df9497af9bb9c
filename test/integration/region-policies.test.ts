import { randomInt, randomUUID } from 'node:crypto';
import { createPrisma, type Db } from '../../prisma/client';
import { apiClient, sharedApp, type RunningApp } from '../support/processes';
import { stack } from '../support/stack-env';

/**
 * A region's policy is saved whole: a save based on an out-of-date read used to overwrite what
 * another administrator saved meanwhile, silently. GET gives the version, PUT with If-Match
 * refuses a stale save with 409. Files run side by side on one database: this file uses regions
 * and gemeenten of its own (GM94xx), never the default region.
 */
describe('PUT /api/policies/:regionId with If-Match: no lost update', () => {
  let app: RunningApp;
  let prisma: Db;
  let first: ReturnType<typeof apiClient>;
  let second: ReturnType<typeof apiClient>;
  const tag = randomUUID().slice(0, 6);
  const regionId = `it-beleid-${tag}`;
  const gemeente = `GM94${String(randomInt(50)).padStart(2, '0')}`;
  const otherGemeente = `GM94${String(50 + randomInt(25)).padStart(2, '0')}`;
  const neighbourGemeente = `GM94${String(75 + randomInt(25)).padStart(2, '0')}`;
  const created: string[] = [regionId];

  type Read = { status: number; version: string; etag: string | null; policy: Record<string, unknown>; gemeenten: string[] };
  const read = async (id = regionId): Promise<Read> => {
    const res = await first.get(`/api/policies/${id}`);
    return { status: res.status, version: res.body?.version, etag: res.headers.get('etag'), policy: res.body?.policy, gemeenten: res.body?.gemeenten };
  };
  const save = (who: ReturnType<typeof apiClient>, policy: Record<string, unknown>, ifMatch?: string, id = regionId, gemeenten = [gemeente]) =>
    who.put(`/api/policies/${id}`, { policy: { ...policy, regionId: id }, gemeenten }, ifMatch === undefined ? {} : { 'If-Match': ifMatch });

  beforeAll(async () => {
    app = sharedApp();
    prisma = createPrisma(stack().databaseUrl);
    first = apiClient(app.baseUrl, { id: 'fb-eerste', role: 'admin' });
    second = apiClient(app.baseUrl, { id: 'fb-tweede', role: 'admin' });
    const res = await save(first, { name: 'Versietest' });
    expect(res.status).toBe(200);
  });
  afterAll(async () => {
    await prisma?.regionPolicy.deleteMany({ where: { regionId: { in: created } } });
    await prisma?.$disconnect();
  });

  test('GET of one region gives its version in the body and as ETag, the list gives it per item; it follows the content', async () => {
    const one = await read();
    expect(one.status).toBe(200);
    expect(one.version).toMatch(/^[0-9a-f]{16}$/);
    expect(one.etag).toBe(`"${one.version}"`);
    const list = await first.get('/api/policies');
    expect(list.body.items.find((i: { regionId: string }) => i.regionId === regionId)).toMatchObject({ version: one.version, gemeenten: [gemeente] });

    // Saving the same content keeps the version; another content has another.
    const same = await save(first, one.policy, one.etag!);
    expect(same.status).toBe(200);
    expect(same.body.version).toBe(one.version);
    expect(same.headers.get('etag')).toBe(one.etag);
    const changed = await save(first, { ...one.policy, judgementWorkingDays: 6 }, one.etag!);
    expect(changed.status).toBe(200);
    expect(changed.body.version).not.toBe(one.version);
    expect((await read()).version).toBe(changed.body.version);

    expect((await first.get('/api/policies/it-bestaat-niet')).status).toBe(404);
    expect((await first.get(`/api/policies/${encodeURIComponent('Geen Regio!')}`)).status).toBe(404);
    // The default region has a version whether or not anyone saved it (another file's page does).
    const zhz = await first.get('/api/policies/zhz');
    expect(zhz.status).toBe(200);
    expect(zhz.headers.get('etag')).toBe(`"${zhz.body.version}"`);
  });

  test("two administrators read the same region and both save: the second gets 409 and the first's change is kept", async () => {
    // Both read the list, as the administrator's page does.
    const listed = async (who: ReturnType<typeof apiClient>) =>
      (await who.get('/api/policies')).body.items.find((i: { regionId: string }) => i.regionId === regionId) as {
        policy: Record<string, unknown>;
        version: string;
      };
    const a = await listed(first);
    const b = await listed(second);
    expect(b.version).toBe(a.version);

    const firstSave = await save(first, { ...a.policy, hoorgesprekPlanningWorkingDays: 12 }, `"${a.version}"`);
    expect(firstSave.status).toBe(200);

    const stale = await save(second, { ...b.policy, routeChoiceWorkingDays: 8 }, `"${b.version}"`);
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'conflict', version: firstSave.body.version });
    expect(stale.body.error.message).toMatch(new RegExp(`policy of region ${regionId} changed since it was read.*read it again`));
    expect(stale.body.error.fields).toBeUndefined();
    expect(stale.headers.get('etag')).toBe(`"${firstSave.body.version}"`);

    // Nothing of the stale save: the first's change is there, the second's is not.
    const now = await read();
    expect(now.version).toBe(firstSave.body.version);
    expect(now.policy).toMatchObject({ hoorgesprekPlanningWorkingDays: 12, routeChoiceWorkingDays: a.policy.routeChoiceWorkingDays });

    // Read again, apply the change, save with the fresh version: both changes are kept.
    const again = await save(second, { ...now.policy, routeChoiceWorkingDays: 8 }, now.etag!);
    expect(again.status).toBe(200);
    expect((await read()).policy).toMatchObject({ hoorgesprekPlanningWorkingDays: 12, routeChoiceWorkingDays: 8 });
  });

  test('saves at once from one read: exactly one succeeds, the others get 409', async () => {
    const a = await read();
    const answers = await Promise.all([7, 8, 9, 11].map((days) => save(days % 2 ? first : second, { ...a.policy, judgementWorkingDays: days }, a.etag!)));
    const statuses = answers.map((x) => x.status);
    // Never two: that would be the lost update.
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s !== 200)).toEqual([409, 409, 409]);
    const winner = answers[statuses.indexOf(200)]!;
    expect((await read()).policy.judgementWorkingDays).toBe(winner.body.policy.judgementWorkingDays);
  });

  test('a region that does not exist: If-Match of an old version (or *) is 409 and creates nothing; without If-Match it is created', async () => {
    const gone = `it-weg-${tag}`;
    created.push(gone);
    const made = await save(first, { name: 'Verdwijnt' }, undefined, gone, [otherGemeente]);
    expect(made.status).toBe(200);
    await prisma.regionPolicy.delete({ where: { regionId: gone } });

    for (const ifMatch of [`"${made.body.version}"`, '*']) {
      const stale = await save(second, { name: 'Verdwijnt' }, ifMatch, gone, [otherGemeente]);
      expect({ ifMatch, status: stale.status }).toEqual({ ifMatch, status: 409 });
      expect(stale.body.error).toMatchObject({ code: 'conflict', version: null });
      expect(stale.body.error.message).toMatch(new RegExp(`region ${gone} has no policy`));
      // No version to send back (express's own weak ETag of the body is no version: If-Match refuses it).
      expect(stale.headers.get('etag') ?? '').not.toMatch(/^"[0-9a-f]{16}"$/);
    }
    expect((await read(gone)).status).toBe(404);

    const recreated = await save(second, { name: 'Weer terug' }, undefined, gone, [otherGemeente]);
    expect(recreated.status).toBe(200);
    expect((await read(gone)).version).toBe(recreated.body.version);
  });

  test('bad input stays 400 with field messages (a malformed If-Match at the header), a gemeente of another region 409; nothing changes', async () => {
    const before = await read();
    for (const bad of ['"not-a-version"', 'W/"0123456789abcdef"', '"0123"']) {
      const res = await save(second, { ...before.policy, judgementWorkingDays: 3 }, bad);
      expect({ bad, status: res.status }).toEqual({ bad, status: 400 });
      expect(res.body.error.fields).toEqual([{ path: 'If-Match', message: expect.stringMatching(/version of GET \/api\/policies/) }]);
    }
    const invalid = await save(second, { ...before.policy, judgementWorkingDays: 0 }, before.etag!);
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.fields).toEqual([expect.objectContaining({ path: 'policy.judgementWorkingDays' })]);

    const neighbour = `it-buur-${tag}`;
    created.push(neighbour);
    expect((await save(first, { name: 'Buurregio' }, undefined, neighbour, [neighbourGemeente])).status).toBe(200);
    const claimed = await save(second, before.policy, before.etag!, regionId, [gemeente, neighbourGemeente]);
    expect(claimed.status).toBe(409);
    expect(claimed.body.error).toMatchObject({ code: 'gemeente-in-other-region', message: expect.stringContaining(neighbour) });
    expect((await read()).version).toBe(before.version);

    // `*`: any version of a region that exists.
    const any = await save(second, { ...before.policy, judgementWorkingDays: 4 }, '*');
    expect(any.status).toBe(200);
  });
});
