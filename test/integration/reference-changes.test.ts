import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { ZHZ_POLICY } from '../../domain/policy';
import { createPrisma, type Db } from '../../prisma/client';
import { listenForReferenceChanges, REFERENCE_CHANNEL, type ReferenceChanges } from '../../prisma/reference-changes';
import { cachedReferenceData, readReferenceData } from '../../prisma/reference-data';
import { eventually } from '../support/eventually';
import { stack } from '../support/stack-env';

/**
 * The worker keeps region policies, school calendars and assignment rules in memory
 * (prisma/reference-data.ts) for as long as it hears every change of them: a trigger on each table
 * notifies when the writing transaction commits, whoever wrote it. Files share the database, so
 * this one uses a region and gemeente of its own, and tells its own writes apart by the backend
 * that sent the notification.
 */
describe('changes of the reference data reach the cache', () => {
  const tag = randomUUID().slice(0, 8);
  const regionId = `it-cache-${tag}`;
  const gemeente = `GM91${tag.slice(0, 2)}`; // GM91xx: this file's own
  const listenerName = `reference-test-${tag}`;
  let prisma: Db;
  let writer: pg.Client;
  let observer: pg.Client;
  let changes: ReferenceChanges;
  const heard: pg.Notification[] = [];

  beforeAll(async () => {
    prisma = createPrisma(stack().databaseUrl);
    writer = new pg.Client({ connectionString: stack().databaseUrl });
    observer = new pg.Client({ connectionString: stack().databaseUrl });
    await Promise.all([writer.connect(), observer.connect()]);
    observer.on('notification', (n) => heard.push(n));
    await observer.query(`LISTEN ${REFERENCE_CHANNEL}`);
    changes = listenForReferenceChanges(stack().databaseUrl, { retryMs: 300, applicationName: listenerName });
    await eventually(async () => changes.listening, Boolean, { timeoutMs: 10_000, what: 'the listener to listen' });
    await prisma.regionPolicy.create({ data: { regionId, policy: { ...ZHZ_POLICY, regionId, name: 'Cachetest', thuiszitterWeeks: 4 }, gemeenten: [gemeente] } });
  });
  afterAll(async () => {
    await prisma?.regionPolicy.deleteMany({ where: { regionId } });
    await prisma?.assignmentRule.deleteMany({ where: { gemeente } });
    await Promise.all([changes?.close(), writer?.end(), observer?.end()]);
    await prisma?.$disconnect();
  });

  /** Runs statements in one transaction of the writer and returns its backend, which sends its notifications. */
  async function commit(...statements: [string, unknown[]?][]): Promise<number> {
    const pid = (await writer.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
    await writer.query('BEGIN');
    for (const [sql, params] of statements) await writer.query(sql, params);
    await writer.query('COMMIT');
    return pid;
  }

  test('a committed write to each of the four tables notifies, naming the table; a rolled back one does not', async () => {
    const year = `2099-${tag}`;
    const writes: [string, [string, unknown[]]][] = [
      ['RegionPolicy', [`UPDATE "RegionPolicy" SET "updatedAt" = now() WHERE "regionId" = $1`, [regionId]]],
      ['AssignmentRule', [`INSERT INTO "AssignmentRule" ("id", "gemeente", "consultantId") VALUES (gen_random_uuid(), $1, 'lpa-cache')`, [gemeente]]],
      ['SchoolHolidayRegion', [`INSERT INTO "SchoolHolidayRegion" ("region", "updatedAt") VALUES ($1, now())`, [regionId]]],
      ['SchoolHolidayYear', [`INSERT INTO "SchoolHolidayYear" ("region", "schoolYear", "holidays", "updatedBy", "updatedAt") VALUES ($1, $2, '[]', 'test', now())`, [regionId, year]]],
    ];
    try {
      // Rolled back: nothing to hear.
      const pid = (await writer.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
      await writer.query('BEGIN');
      await writer.query(`DELETE FROM "RegionPolicy" WHERE "regionId" = $1`, [regionId]);
      await writer.query('ROLLBACK');
      for (const [table, statement] of writes) {
        const before = changes.generation;
        await commit(statement);
        await eventually(
          async () => heard.filter((n) => n.processId === pid).map((n) => n.payload),
          (payloads) => payloads.includes(table),
          { timeoutMs: 5_000, what: `a notification of ${table} from backend ${pid}` },
        );
        await eventually(async () => changes.generation, (g) => g > before, { timeoutMs: 5_000, what: `the listener to hear the change of ${table}` });
      }
      // In commit order: the rolled back delete (RegionPolicy) would have come first.
      expect(heard.filter((n) => n.processId === pid).map((n) => n.payload)).toEqual(writes.map(([table]) => table));
    } finally {
      await prisma.schoolHolidayYear.deleteMany({ where: { region: regionId } });
      await prisma.schoolHolidayRegion.deleteMany({ where: { region: regionId } });
      await prisma.assignmentRule.deleteMany({ where: { gemeente } });
    }
  });

  test("a process's cache gives the new policy and assignment once another connection commits them", async () => {
    const cache = cachedReferenceData(readReferenceData(prisma), changes);
    expect((await cache.policyAndCalendar(gemeente)).policy.thuiszitterWeeks).toBe(4);
    expect(await cache.assignment(gemeente)).toEqual({ consultantId: null, teamLeadId: null });
    await commit(
      [`UPDATE "RegionPolicy" SET "policy" = jsonb_set("policy", '{thuiszitterWeeks}', '6') WHERE "regionId" = $1`, [regionId]],
      [`INSERT INTO "AssignmentRule" ("id", "gemeente", "consultantId", "teamLeadId") VALUES (gen_random_uuid(), $1, 'lpa-nieuw', 'tl-nieuw')`, [gemeente]],
    );
    await eventually(async () => (await cache.policyAndCalendar(gemeente)).policy.thuiszitterWeeks, (w) => w === 6, { timeoutMs: 5_000, what: 'the cached policy to be the committed one' });
    expect(await cache.assignment(gemeente)).toEqual({ consultantId: 'lpa-nieuw', teamLeadId: 'tl-nieuw' });
    await prisma.assignmentRule.deleteMany({ where: { gemeente } });
  });

  test('a lost listening connection: reads go through until it listens again, and a change made meanwhile is read', async () => {
    // A listener of its own that waits 2 s before listening again: time to look while it does not.
    const events: string[] = [];
    const changes = listenForReferenceChanges(stack().databaseUrl, { retryMs: 2_000, applicationName: `${listenerName}-lost`, log: (event) => events.push(event) });
    await eventually(async () => changes.listening, Boolean, { timeoutMs: 10_000, what: 'the second listener to listen' });
    const cache = cachedReferenceData(readReferenceData(prisma), changes);
    await cache.policyAndCalendar(gemeente);
    const before = changes.generation;
    const killed = await writer.query(`SELECT pg_terminate_backend(pid) AS done FROM pg_stat_activity WHERE application_name = $1`, [`${listenerName}-lost`]);
    expect(killed.rowCount).toBe(1);
    await eventually(async () => changes.listening, (l) => !l, { timeoutMs: 5_000, what: 'the listener to notice its connection is gone' });
    await commit([`UPDATE "RegionPolicy" SET "policy" = jsonb_set("policy", '{thuiszitterWeeks}', '7') WHERE "regionId" = $1`, [regionId]]);
    expect((await cache.policyAndCalendar(gemeente)).policy.thuiszitterWeeks).toBe(7);
    await eventually(async () => changes.listening, Boolean, { timeoutMs: 10_000, what: 'the listener to listen again' });
    expect(changes.generation).toBeGreaterThanOrEqual(before + 2);
    expect((await cache.policyAndCalendar(gemeente)).policy.thuiszitterWeeks).toBe(7);
    await commit([`UPDATE "RegionPolicy" SET "policy" = jsonb_set("policy", '{thuiszitterWeeks}', '8') WHERE "regionId" = $1`, [regionId]]);
    await eventually(async () => (await cache.policyAndCalendar(gemeente)).policy.thuiszitterWeeks, (w) => w === 8, { timeoutMs: 5_000, what: 'the change after listening again to reach the cache' });
    expect(events).toEqual(['listening', 'lost', 'listening']);
    await changes.close();
  });
});
