import { Client, Connection, WorkflowNotFoundError } from '@temporalio/client';
import { caseTables } from '../../activities/retention';
import { parseConfig } from '../../platform/config';
import { dataConverter } from '../../platform/payload-codec';
import { createPrisma, type Db, type Prisma } from '../../prisma/client';
import { ensureRetentionSchedule, RETENTION_SCHEDULE_ID, RETENTION_WORKFLOW_TYPE } from '../../worker/retention-schedule';
import type { RetentionInput, RetentionTotals } from '../../workflows/retention.workflow';
import { eventually } from '../support/eventually';
import { aMelding, testBsn, uniqueId } from '../support/fixtures';
import { apiClient, sharedApp, type RunningApp } from '../support/processes';
import { payloadKeyEnv, stack } from '../support/stack-env';

/**
 * Issue 4, item 5: the daily Schedule, and the retention workflow on the real worker process
 * against the Temporal dev server and PostgreSQL: cases past their term lose their workflow
 * histories and every row that refers to them, a non-personal log row stays; cases within their
 * term (or still open) are untouched.
 */
describe('retention', () => {
  let app: RunningApp;
  let prisma: Db;
  let client: Client;
  const GEMEENTE = 'GM9990'; // the projection rows of this file, apart from other files' cases

  beforeAll(async () => {
    app = sharedApp();
    const s = stack();
    prisma = createPrisma(s.databaseUrl);
    // The same data converter as the app (the stack's payload key).
    client = new Client({
      connection: await Connection.connect({ address: s.temporalAddress }),
      dataConverter: dataConverter(parseConfig({ NODE_ENV: 'test', DATABASE_URL: s.databaseUrl, ...payloadKeyEnv(s) })),
    });
  });
  afterAll(async () => {
    await prisma?.case.deleteMany({ where: { gemeente: GEMEENTE } });
    await client?.connection.close();
    await prisma?.$disconnect();
    await app?.stop();
  });

  test('the worker creates the daily Schedule; creating it again only updates it', async () => {
    const description = await client.schedule.getHandle(RETENTION_SCHEDULE_ID).describe();
    expect(description.action).toMatchObject({ type: 'startWorkflow', workflowType: RETENTION_WORKFLOW_TYPE });
    expect(description.spec.timezone).toBe('Europe/Amsterdam');
    expect(description.spec.calendars).toHaveLength(1);
    expect(JSON.stringify(description.spec.calendars)).toMatch(/"hour":\[\{"start":2,"end":2/);
    expect(description.policies.overlap).toBe('SKIP');
    expect(description.state.paused).toBe(false);
    expect(await ensureRetentionSchedule(client, { TEMPORAL_TASK_QUEUE: app.taskQueue })).toBe('updated');
    expect((await client.schedule.getHandle(RETENTION_SCHEDULE_ID).describe()).action).toMatchObject({ taskQueue: app.taskQueue });
  });

  /** One row in a table with a caseId column, whatever the table: required columns get a value by type (youthId: the case's youth). */
  async function seedRow(table: string, column: string, caseId: string, youthId: string): Promise<void> {
    const columns = await prisma.$queryRaw<{ name: string; type: string; nullable: string; hasDefault: boolean }[]>`
      SELECT column_name::text AS name, data_type::text AS type, is_nullable::text AS nullable, (column_default IS NOT NULL OR is_identity = 'YES') AS "hasDefault"
      FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ${table}`;
    const byType: Record<string, string> = {
      text: `'rt-' || gen_random_uuid()`,
      'character varying': `'rt-' || gen_random_uuid()`,
      uuid: 'gen_random_uuid()',
      integer: '0',
      bigint: '0',
      smallint: '0',
      'double precision': '0',
      numeric: '0',
      boolean: 'false',
      jsonb: `'{}'::jsonb`,
      json: `'{}'::json`,
      bytea: `'\\x00'::bytea`,
      ARRAY: `'{}'`,
      date: 'current_date',
      'timestamp without time zone': 'now()',
      'timestamp with time zone': 'now()',
    };
    const set = columns.filter((c) => c.name === column || (c.nullable === 'NO' && !c.hasDefault));
    const values = set.map((c) => {
      if (c.name === column) return '$1';
      if (c.name === 'youthId') return c.type === 'uuid' ? '$2::uuid' : '$2';
      const v = byType[c.type];
      if (!v) throw new Error(`seedRow: no test value for ${table}.${c.name} of type ${c.type}: add one here`);
      return v;
    });
    const params = values.some((v) => v.startsWith('$2')) ? [caseId, youthId] : [caseId];
    await prisma.$executeRawUnsafe(`INSERT INTO "${table}" (${set.map((c) => `"${c.name}"`).join(', ')}) VALUES (${values.join(', ')})`, ...params);
  }

  async function rowsOf(caseId: string): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const t of await caseTables(prisma)) {
      const [{ n }] = await prisma.$queryRawUnsafe<[{ n: number }]>(`SELECT count(*)::int AS n FROM "${t.table}" WHERE "${t.column}" = $1`, caseId);
      counts[t.table] = n;
    }
    counts.Case = await prisma.case.count({ where: { id: caseId } });
    return counts;
  }

  const youth = (dateOfBirth: string) =>
    prisma.youth.create({ data: { identifierKind: 'bsn', identifierValue: testBsn(), firstName: 'Retentie', lastName: 'Testjongere', dateOfBirth } }).then((y) => y.id);

  /** A case as the projection writes it, closed (or not) on a date long ago. */
  async function projectedCase(o: { youthId: string; regime: string; closedOn: string | null; routes?: string[]; hoorgesprek?: boolean }): Promise<string> {
    const id = uniqueId('case-rt');
    const state = { caseId: id, regime: o.regime, routes: (o.routes ?? []).map((kind) => ({ kind })), hoorgesprek: { invitations: o.hoorgesprek ? [{ plannedFor: '2020-01-01T10:00:00Z' }] : [] } };
    await prisma.case.create({
      data: {
        id,
        youthId: o.youthId,
        version: 5,
        duoStatus: o.closedOn ? 'afgesloten' : 'in-behandeling',
        phase: o.closedOn ? 'afgesloten' : 'onderzoek',
        gemeente: GEMEENTE,
        routes: o.routes ?? [],
        openedAt: new Date('2017-01-01T00:00:00Z'),
        closedAt: o.closedOn ? new Date(`${o.closedOn}T12:00:00Z`) : null,
        state: state as unknown as Prisma.InputJsonValue,
      },
    });
    await prisma.melding.create({ data: { id: uniqueId('m-rt'), youthId: o.youthId, caseId: id, kind: 'zestien-uur', gemeente: GEMEENTE, reportDate: '2017-01-01', payload: { youth: { lastName: 'Testjongere' } }, deliveredAt: new Date() } });
    return id;
  }

  test('cases past their term are destroyed (histories, rows, youth when unused) and logged; others are untouched', async () => {
    // A: a real case, run to its end through the API and the worker; then its dates are moved back.
    const melding = aMelding();
    const registered = await apiClient(app.baseUrl, { id: 'school-12AB', role: 'school' }).post('/api/meldingen', melding);
    expect(registered.status).toBe(201);
    const caseA: string = registered.body.caseId;
    const consultant = apiClient(app.baseUrl);
    await eventually(() => consultant.get(`/api/cases/${caseA}`), (r) => r.body?.state?.step === 'school-informatie', 30_000);
    expect((await consultant.post(`/api/cases/${caseA}/close`, { reason: 'ingetrokken-door-school' })).status).toBe(200);
    expect((await eventually(() => client.workflow.getHandle(caseA).describe(), (d) => d.status.name === 'COMPLETED', 30_000)).status.name).toBe('COMPLETED');
    await eventually(() => prisma.case.findUnique({ where: { id: caseA } }), (c) => c?.phase === 'afgesloten', 30_000);
    // A row in every table that refers to cases (whatever tables exist by now), next to the real ones.
    const tables = await caseTables(prisma);
    expect(tables.map((t) => t.table)).toEqual(expect.arrayContaining(['Melding', 'SchoolRequest', 'Notification', 'Correspondence', 'CaseDocument', 'CasePerson', 'CasePersonChange']));
    const youthA = (await prisma.case.findUniqueOrThrow({ where: { id: caseA } })).youthId;
    for (const t of tables) await seedRow(t.table, t.column, caseA, youthA);
    await prisma.youth.update({ where: { id: youthA }, data: { dateOfBirth: '2000-01-01' } }); // leerplicht term: 2019-01-01
    await prisma.case.update({ where: { id: caseA }, data: { closedAt: new Date('2018-06-01T12:00:00Z') } });
    const before = await rowsOf(caseA);
    expect(Object.entries(before).filter(([, n]) => n === 0)).toEqual([]);

    // B: penal (strafrechtelijk), closed 2020: Wpg 5 years decides; the youth has a vrijstelling, so the register entry stays.
    const youthB = await youth('2001-05-05');
    await prisma.vrijstelling.create({ data: { youthId: youthB, kind: 'art15', from: '2015-01-01', decisionDate: '2015-01-01', reference: 'V-rt', details: {}, createdBy: 'lpa-anna' } });
    const caseB = await projectedCase({ youthId: youthB, regime: 'leerplichtig', closedOn: '2020-03-01', routes: ['strafrechtelijk'] });
    // F and G share a youth: F (kwalificatieplicht, closed 2021) is past its term, G (a hoorgesprek, closed 2023) is not.
    const youthFG = await youth('2004-01-01');
    const caseF = await projectedCase({ youthId: youthFG, regime: 'kwalificatieplichtig', closedOn: '2021-01-01' });
    const caseG = await projectedCase({ youthId: youthFG, regime: 'kwalificatieplichtig', closedOn: '2023-06-01', hoorgesprek: true });
    // C: penal, closed 2022: kept until 2027. E: old dates but still open: never destroyed.
    const youthC = await youth('2001-05-05');
    const caseC = await projectedCase({ youthId: youthC, regime: 'leerplichtig', closedOn: '2022-01-01', hoorgesprek: true });
    const youthE = await youth('2000-01-01');
    const caseE = await projectedCase({ youthId: youthE, regime: 'leerplichtig', closedOn: null });

    // Small batches and one batch per run: the workflow continues as new along the way.
    const handle = await client.workflow.start(RETENTION_WORKFLOW_TYPE, {
      taskQueue: app.taskQueue,
      workflowId: uniqueId('retention-test'),
      args: [{ batchSize: 1, batchesPerRun: 2 } satisfies RetentionInput],
    });
    const totals = (await handle.result()) as RetentionTotals;
    expect(totals.failed).toEqual([]);
    expect(totals.destroyed).toBeGreaterThanOrEqual(3);
    expect((await client.workflow.getHandle(handle.workflowId, handle.firstExecutionRunId).describe()).status.name).toBe('CONTINUED_AS_NEW');

    // A: the workflow history is gone from Temporal, every row is gone, so is the youth. (The server
    // deletes asynchronously, after the run's close tasks are acknowledged: up to about 30 seconds.)
    const gone = await eventually(
      () => client.workflow.getHandle(caseA).describe().then(() => null, (err: unknown) => err),
      (err) => err instanceof WorkflowNotFoundError,
      90_000,
    );
    expect(gone).toBeInstanceOf(WorkflowNotFoundError);
    expect(Object.entries(await rowsOf(caseA)).filter(([, n]) => n > 0)).toEqual([]);
    expect(await prisma.youth.findUnique({ where: { id: youthA } })).toBeNull();

    const logs = await prisma.retentionLog.findMany({ where: { caseId: { in: [caseA, caseB, caseF, caseG, caseC, caseE] } } });
    const log = (id: string) => logs.find((l) => l.caseId === id);
    expect(log(caseA)).toMatchObject({ rule: 'leerplicht-12.1.3', destroyOn: '2019-01-01', closedOn: '2018-06-01', regime: 'leerplichtig', gemeente: 'GM0505' });
    expect(log(caseA)!.destroyed).toMatchObject({ workflowRuns: 1, youth: 'deleted', rows: { Case: 1, Melding: 2 } });
    expect(Object.keys((log(caseA)!.destroyed as { rows: object }).rows).sort()).toEqual([...tables.map((t) => t.table), 'Case'].sort());
    expect(log(caseA)!.retentionRun).toBe(handle.workflowId);

    expect(log(caseB)).toMatchObject({ rule: 'wpg-5-jaar', destroyOn: '2025-03-01' });
    expect(log(caseB)!.destroyed).toMatchObject({ workflowRuns: 0, youth: 'kept', rows: { Case: 1, Melding: 1 } });
    expect(await prisma.youth.findUnique({ where: { id: youthB } })).not.toBeNull();
    expect(log(caseF)).toMatchObject({ rule: 'kwalificatieplicht-12.1.4', destroyOn: '2024-01-01' });
    expect(log(caseF)!.destroyed).toMatchObject({ youth: 'kept' });
    expect(await prisma.case.count({ where: { id: { in: [caseB, caseF] } } })).toBe(0);

    // Within their term, or open: untouched.
    for (const id of [caseG, caseC, caseE]) {
      expect(log(id)).toBeUndefined();
      expect(await rowsOf(id)).toMatchObject({ Case: 1, Melding: 1 });
    }
    expect(await prisma.youth.count({ where: { id: { in: [youthFG, youthC, youthE] } } })).toBe(3);

    // The log holds nothing personal.
    const logText = JSON.stringify(logs);
    for (const v of [youthA, youthB, youthFG, melding.youth!.bsn!, melding.youth!.lastName, '2000-01-01', '2004-01-01', melding.melder!.email!]) expect(logText).not.toContain(v);

    // A second run finds nothing more of these and logs nothing twice.
    const again = (await client.workflow.execute(RETENTION_WORKFLOW_TYPE, { taskQueue: app.taskQueue, workflowId: uniqueId('retention-test'), args: [{}] })) as RetentionTotals;
    expect(again.failed).toEqual([]);
    expect(await prisma.retentionLog.count({ where: { caseId: { in: [caseA, caseB, caseF] } } })).toBe(3);
    expect(await prisma.case.count({ where: { id: { in: [caseG, caseC, caseE] } } })).toBe(3);
  }, 240_000);

  test('issue 18 (observation 10): an early signal closed without a case is destroyed 2 years after closing, with its notifications, history and youth', async () => {
    const school = apiClient(app.baseUrl, { id: 'school-12AB', role: 'school' });
    const lpa = apiClient(app.baseUrl);
    const aSignal = () => ({
      signalId: uniqueId('vs-rt'),
      concern: 'verzuim-onder-16-uur',
      description: 'Mist vaak het eerste uur',
      reportDate: new Date().toISOString().slice(0, 10),
      since: new Date(Date.now() - 20 * 86_400_000).toISOString().slice(0, 10),
      hoursAbsent: 9,
      youth: { bsn: testBsn(), firstName: 'Noa', lastName: 'Retentie', dateOfBirth: '2012-05-01' },
      gemeente: 'GM0505',
      school: { brin: '12AB', name: 'Testcollege Dordrecht' },
      reporter: { organisation: 'Testcollege Dordrecht', name: 'J. Jansen', function: 'mentor' },
    });
    /** A signal reported, advised on and closed through the API and the worker; its projection then dated back. */
    const closedSignal = async (closedOn: string) => {
      const created = await school.post('/api/signals', aSignal());
      expect(created.status).toBe(201);
      const id: string = created.body.signalId;
      await eventually(() => lpa.get(`/api/signals/${id}`), (r) => r.body?.state?.status === 'open', 30_000);
      expect((await lpa.post(`/api/signals/${id}/contacts`, { kind: 'advies-aan-school', at: new Date().toISOString(), summary: 'Advies gegeven' })).status).toBe(200);
      expect((await lpa.post(`/api/signals/${id}/close`, { outcome: 'verzuim-gestopt' })).status).toBe(200);
      await eventually(() => client.workflow.getHandle(id).describe(), (d) => d.status.name === 'COMPLETED', 30_000);
      await eventually(() => prisma.earlySignal.findUnique({ where: { id } }), (r) => r?.status === 'afgesloten' && r.closedAt !== null, 30_000);
      await prisma.earlySignal.update({ where: { id }, data: { closedAt: new Date(`${closedOn}T12:00:00Z`) } });
      const row = await prisma.earlySignal.findUniqueOrThrow({ where: { id } });
      await prisma.notification.create({ data: { id: uniqueId('n-rt'), caseId: id, recipientRole: 'consultant', recipientId: 'lpa-anna', topic: 'vroegsignaal', message: 'Noa Retentie' } });
      return { id, youthId: row.youthId };
    };
    const old = await closedSignal('2023-06-01'); // term ended 2025-06-01
    const recent = await closedSignal(`${new Date().getUTCFullYear() - 1}-01-01`); // within 2 years
    // An escalated signal goes with its case, whatever its date.
    const escalated = await closedSignal('2020-01-01');
    await prisma.earlySignal.update({ where: { id: escalated.id }, data: { status: 'geescaleerd', caseId: 'case-elsewhere' } });

    const totals = (await client.workflow.execute(RETENTION_WORKFLOW_TYPE, { taskQueue: app.taskQueue, workflowId: uniqueId('retention-test'), args: [{}] })) as RetentionTotals;
    expect(totals.failed).toEqual([]);
    expect(totals.signalsDestroyed).toBeGreaterThanOrEqual(1);

    const gone = await eventually(
      () => client.workflow.getHandle(old.id).describe().then(() => null, (err: unknown) => err),
      (err) => err instanceof WorkflowNotFoundError,
      90_000,
    );
    expect(gone).toBeInstanceOf(WorkflowNotFoundError);
    expect(await prisma.earlySignal.count({ where: { id: old.id } })).toBe(0);
    expect(await prisma.notification.count({ where: { caseId: old.id } })).toBe(0);
    expect(await prisma.youth.findUnique({ where: { id: old.youthId } })).toBeNull();
    const log = await prisma.retentionLog.findUniqueOrThrow({ where: { caseId: old.id } });
    expect(log).toMatchObject({ rule: 'vroegsignaal-2-jaar', destroyOn: '2025-06-01', closedOn: '2023-06-01', gemeente: 'GM0505' });
    expect(log.destroyed).toMatchObject({ workflowRuns: 1, youth: 'deleted', rows: { EarlySignal: 1, Notification: expect.any(Number) } });
    expect(JSON.stringify(log)).not.toMatch(/Noa|Retentie|2012-05-01/);

    for (const kept of [recent, escalated]) {
      expect(await prisma.earlySignal.count({ where: { id: kept.id } })).toBe(1);
      expect(await prisma.youth.count({ where: { id: kept.youthId } })).toBe(1);
      expect(await prisma.retentionLog.count({ where: { caseId: kept.id } })).toBe(0);
    }
  }, 240_000);
});
