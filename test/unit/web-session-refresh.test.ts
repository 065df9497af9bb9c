import fs from 'node:fs';
import path from 'node:path';
import type { Request } from 'express';
import type { Db } from '../../prisma/client';
import { BACKGROUND_REFRESH_HEADER, loadSession, SESSION_COOKIE } from '../../web/session';

/**
 * The work queue's background refresh (web/assets/queue-refresh.js) is no activity of the person:
 * it must not keep an idle session alive, or a queue left open would never log out.
 */
describe('web session idle time and the background refresh', () => {
  const settings = { idleMinutes: 60, maxHours: 8, secureCookies: false };
  function fakeDb(lastSeenMinutesAgo: number) {
    const updates: unknown[] = [];
    const row = {
      id: 'x',
      subject: 'lpa-anna',
      role: 'consultant',
      name: 'Anna Bakker',
      gemeenten: ['GM0505'],
      schoolBrin: null,
      accessToken: 't',
      idToken: null,
      csrfToken: 'c',
      expiresAt: new Date(Date.now() + 3_600_000),
      lastSeenAt: new Date(Date.now() - lastSeenMinutesAgo * 60_000),
    };
    const prisma = {
      webSession: {
        findUnique: async () => row,
        update: async (u: unknown) => void updates.push(u),
        deleteMany: async () => ({ count: 1 }),
      },
    } as unknown as Db;
    return { prisma, updates };
  }
  const request = (headers: Record<string, string>) =>
    ({ headers: { cookie: `${SESSION_COOKIE}=${'a'.repeat(43)}`, ...headers }, get: (h: string) => headers[h.toLowerCase()] }) as unknown as Request;

  test("a person's request counts as activity: the idle clock is reset", async () => {
    const { prisma, updates } = fakeDb(5);
    expect(await loadSession(prisma, request({}), settings)).toBeDefined();
    expect(updates).toHaveLength(1);
  });

  test('a background refresh is served but does not reset the idle clock', async () => {
    const { prisma, updates } = fakeDb(5);
    expect(await loadSession(prisma, request({ [BACKGROUND_REFRESH_HEADER]: '1' }), settings)).toBeDefined();
    expect(updates).toHaveLength(0);
  });

  test('after the idle time the background refresh finds no session either', async () => {
    const { prisma } = fakeDb(61);
    expect(await loadSession(prisma, request({ [BACKGROUND_REFRESH_HEADER]: '1' }), settings)).toBeUndefined();
  });

  test('the queue script sends that header with its requests', () => {
    const script = fs.readFileSync(path.join(__dirname, '..', '..', 'web', 'assets', 'queue-refresh.js'), 'utf8');
    expect(script).toContain(`'${BACKGROUND_REFRESH_HEADER}': '1'`);
  });
});
