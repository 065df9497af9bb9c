import { Client, Connection } from '@temporalio/client';
import { createPrisma, type Db } from '../../prisma/client';
import { aMelding } from '../support/fixtures';
import { apiClient, startApi, type RunningApp } from '../support/processes';
import { stack } from '../support/stack-env';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';

/**
 * Issue 11, observation 7: an API killed between storing a melding and starting its case left the
 * melding without a case; only a retry by the school repaired it. Here the API reaches Temporal
 * through a proxy that swallows its calls, so it hangs right after storing the melding, and is
 * killed there (SIGKILL). The worker's reconciler must put the melding in a case within a minute.
 */
describe('a melding stored without a case is repaired by the server', () => {
  let app: RunningApp;
  let prisma: Db;
  let proxy: TcpProxy;
  let temporal: Client;

  beforeAll(async () => {
    proxy = await startTcpProxy(stack().temporalAddress);
    // An api of its own that reaches Temporal only through the proxy, in front of the shared worker,
    // which talks to Temporal directly and reconciles with the product's defaults (a pass every
    // 15 s for meldingen stored 15 s ago or more: the case runs within about 30 s).
    app = await startApi({ TEMPORAL_ADDRESS: proxy.address });
    prisma = createPrisma(stack().databaseUrl);
    temporal = new Client({ connection: await Connection.connect({ address: stack().temporalAddress }) });
  });
  afterAll(async () => {
    await app?.stop();
    await proxy?.close();
    await prisma?.$disconnect();
    await temporal?.connection.close();
  });

  test('the API dies after storing, before starting: the case runs within a minute, with the melding', async () => {
    const school = apiClient(app.baseUrl, { id: 'school-12ab', role: 'school', schoolBrin: '12AB' });
    const melding = aMelding();
    proxy.hold();
    const pending = school.post('/api/meldingen', melding).catch(() => null);
    const stored = Date.now() + 30_000;
    while (!(await prisma.melding.findUnique({ where: { id: melding.meldingId } }))) {
      if (Date.now() > stored) throw new Error(`the melding was never stored:\n${app.logs().slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    app.kill('api', 'SIGKILL');
    await pending; // the connection dies with the process
    const killedAt = Date.now();
    expect(await prisma.melding.findUnique({ where: { id: melding.meldingId } })).toMatchObject({ caseId: `case-${melding.meldingId}`, deliveredAt: null });

    const caseId = `case-${melding.meldingId}`;
    let status = 'not started';
    while (Date.now() - killedAt < 60_000) {
      status = await temporal.workflow.getHandle(caseId).describe().then((d) => d.status.name, () => 'not started');
      const row = await prisma.melding.findUnique({ where: { id: melding.meldingId } });
      if (status === 'RUNNING' && row?.deliveredAt) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect({ status, within: Date.now() - killedAt < 60_000 }).toEqual({ status: 'RUNNING', within: true });
    // The case was opened from the stored melding, on behalf of the school that submitted it.
    const projected = await waitForProjection(prisma, caseId);
    expect((projected.state as any).meldingen.map((m: { meldingId: string }) => m.meldingId)).toEqual([melding.meldingId]);
    expect((projected.state as any).recentChanges[0]).toMatchObject({ action: 'start', actor: { id: 'school-12ab', role: 'school' } });
  }, 120_000);
});

async function waitForProjection(prisma: Db, caseId: string) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const row = await prisma.case.findUnique({ where: { id: caseId } });
    if (row) return row;
    if (Date.now() > deadline) throw new Error(`case ${caseId} was never projected`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
