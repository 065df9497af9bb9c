import { randomUUID } from 'node:crypto';
import { apiClient, sharedApp, type RunningApp } from '../support/processes';
import { asInput, changeRules, withoutGemeenten, type RuleInput, type StoredRule } from '../support/assignment-rules';

/**
 * The assignment rules are one set that PUT replaces: a save based on an out-of-date read used to
 * delete the rules others saved meanwhile (the web page's own save did it to other test files'
 * rules). GET gives the version, PUT with If-Match refuses a stale save with 409. Other files save
 * rules too, side by side: this file uses gemeenten of its own (GM0071-GM0073), and every step
 * that needs the set unchanged between two calls retries a few times when another file saved.
 */
describe('PUT /api/assignment-rules with If-Match: no lost update', () => {
  let app: RunningApp;
  let admin: ReturnType<typeof apiClient>;
  let other: ReturnType<typeof apiClient>;
  const OURS = ['GM0071', 'GM0072', 'GM0073'];

  const rules = async () => {
    const res = await admin.get('/api/assignment-rules');
    expect(res.status).toBe(200);
    return res.body as { items: StoredRule[]; version: string };
  };
  const ruleFor = async (gemeente: string) => (await rules()).items.find((r) => r.gemeente === gemeente);

  beforeAll(async () => {
    app = sharedApp();
    admin = apiClient(app.baseUrl, { id: 'fb-regels', role: 'admin' });
    other = apiClient(app.baseUrl, { id: 'fb-collega', role: 'admin' });
    await changeRules(admin, (r) => withoutGemeenten(r, OURS));
  });
  afterAll(async () => {
    if (admin) await changeRules(admin, (r) => withoutGemeenten(r, OURS));
  });

  test('GET gives the version in the body and as ETag; it follows the content', async () => {
    const read = await admin.get('/api/assignment-rules');
    expect(read.status).toBe(200);
    expect(read.body.version).toMatch(/^[0-9a-f]{16}$/);
    expect(read.headers.get('etag')).toBe(`"${read.body.version}"`);
    const saved = await changeRules(other, (r) => [...withoutGemeenten(r, ['GM0071']), { gemeente: 'GM0071', consultantId: 'lpa-versie' }]);
    expect(saved.version).not.toBe(read.body.version);
    expect(await ruleFor('GM0071')).toMatchObject({ consultantId: 'lpa-versie' });
  });

  test("a save from an out-of-date read gets 409 and keeps the other writer's rule; one from a fresh read is saved", async () => {
    const read = await rules();
    // Another administrator saves a rule after this read.
    await changeRules(other, (r) => [...withoutGemeenten(r, ['GM0071']), { gemeente: 'GM0071', consultantId: 'lpa-collega' }]);

    const mine: RuleInput[] = [...withoutGemeenten(read.items.map(asInput), ['GM0072']), { gemeente: 'GM0072', consultantId: 'lpa-anna' }];
    const stale = await admin.put('/api/assignment-rules', mine, { 'If-Match': `"${read.version}"` });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('conflict');
    expect(stale.body.error.message).toMatch(/changed since they were read.*read them again/);
    expect(stale.body.error.version).toMatch(/^[0-9a-f]{16}$/);
    expect(stale.headers.get('etag')).toBe(`"${stale.body.error.version}"`);
    // Nothing changed: the other writer's rule is there, the stale save's is not.
    expect(await ruleFor('GM0071')).toMatchObject({ consultantId: 'lpa-collega' });
    expect(await ruleFor('GM0072')).toBeUndefined();

    // Read again, apply the change, save with the fresh version (again when another file saved in between).
    await changeRules(admin, (r) => [...withoutGemeenten(r, ['GM0072']), { gemeente: 'GM0072', consultantId: 'lpa-anna' }]);
    expect(await ruleFor('GM0072')).toMatchObject({ consultantId: 'lpa-anna' });
    expect(await ruleFor('GM0071')).toMatchObject({ consultantId: 'lpa-collega' });
  });

  test('a malformed If-Match is 400 at the header, and nothing changes', async () => {
    // The body is the current set, so a server that ignored the header would change nothing either.
    const current = (await rules()).items.map(asInput);
    for (const bad of ['"not-a-version"', 'W/"0123456789abcdef"', '"0123456789ABCDEF"', '"0123"']) {
      const res = await admin.put('/api/assignment-rules', current, { 'If-Match': bad });
      expect({ bad, status: res.status }).toEqual({ bad, status: 400 });
      expect(res.body.error.code).toBe('invalid-input');
      expect(res.body.error.fields).toEqual([{ path: 'If-Match', message: expect.stringMatching(/version of GET \/api\/assignment-rules/) }]);
    }
    expect(await ruleFor('GM0072')).toBeDefined();
  });

  /** Saves from one read, all at once: exactly one may win. Again when another file saved before them. */
  async function saveAtOnce(names: string[]): Promise<void> {
    const attempts: string[] = [];
    for (let i = 0; i < 5; i++) {
      // Each save changes the set (the same content again would keep the version, and rightly pass).
      const consultants = names.map((n) => `${n}-${randomUUID().slice(0, 8)}`);
      const read = await rules();
      const base = withoutGemeenten(read.items.map(asInput), ['GM0073']);
      const headers = { 'If-Match': `"${read.version}"` };
      const answers = await Promise.all(consultants.map((c) => admin.put('/api/assignment-rules', [...base, { gemeente: 'GM0073', consultantId: c }], headers)));
      const statuses = answers.map((a) => a.status);
      attempts.push(statuses.join('+'));
      // Never two: that would be the lost update (or, without the lock, a 500 from the unique key).
      expect(statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(1);
      expect(statuses.filter((s) => s !== 200 && s !== 409)).toEqual([]);
      if (statuses.includes(200)) {
        expect(await ruleFor('GM0073')).toMatchObject({ consultantId: consultants[statuses.indexOf(200)] });
        return;
      }
      // All 409: another file saved between the read and the saves; read again.
    }
    throw new Error(`another writer changed the rules before every round of saves: ${attempts.join(', ')}`);
  }

  test('two saves at once from the same read: exactly one succeeds, the other gets 409', async () => {
    await saveAtOnce(['lpa-een', 'lpa-twee']);
  });

  test('six saves at once from the same read: exactly one succeeds', async () => {
    await saveAtOnce(['lpa-een', 'lpa-twee', 'lpa-drie', 'lpa-vier', 'lpa-vijf', 'lpa-zes']);
  });
});
