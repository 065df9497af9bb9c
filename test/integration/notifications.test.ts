import { eventually } from '../support/eventually';
import { aMelding } from '../support/fixtures';
import { apiClient, sharedApp, type RunningApp } from '../support/processes';

/**
 * Issue 11: notifications had no API, and one for a consultant who was not known (no assignment
 * rule for the gemeente, as for the test gemeente GM0505) was stored addressed to nobody. Now it
 * goes to the team lead, else to the gemeente's team inbox, and GET /api/notifications is the
 * inbox of consultants and team leads.
 */
describe('GET /api/notifications: the inbox, and nothing addressed to nobody', () => {
  let app: RunningApp;

  beforeAll(async () => {
    app = sharedApp();
  });
  afterAll(async () => app?.stop());

  test('a new case without a consultant reaches the team inbox; a reassigned consultant gets theirs; each sees only their own', async () => {
    const school = apiClient(app.baseUrl, { id: 'school-12ab', role: 'school', schoolBrin: '12AB' });
    const lead = apiClient(app.baseUrl, { id: 'tl-notif', role: 'teamlead', gemeenten: ['GM0505'] });
    const otherLead = apiClient(app.baseUrl, { id: 'tl-elders', role: 'teamlead', gemeenten: ['GM0363'] });
    const consultant = apiClient(app.baseUrl, { id: 'lpa-notif', role: 'consultant', gemeenten: ['GM0505'] });
    const otherConsultant = apiClient(app.baseUrl, { id: 'lpa-other', role: 'consultant', gemeenten: ['GM0505'] });

    const created = await school.post('/api/meldingen', aMelding());
    expect(created.status).toBe(201);
    const caseId = created.body.caseId as string;

    // No assignment rule for GM0505: nobody to address, so the team inbox of GM0505.
    const inbox = await eventually(() => lead.get(`/api/notifications?caseId=${caseId}`), (r) => r.status === 200 && r.body.items.length > 0, 30_000);
    expect(inbox.status).toBe(200);
    expect(inbox.body.items).toEqual([expect.objectContaining({ caseId, topic: 'nieuwe-zaak', recipientRole: 'team', recipientId: null, gemeente: 'GM0505', readAt: null })]);
    expect((await otherLead.get(`/api/notifications?caseId=${caseId}`)).body.items).toEqual([]);
    expect((await consultant.get(`/api/notifications?caseId=${caseId}`)).body.items).toEqual([]);

    const reassigned = await lead.post(`/api/cases/${caseId}/reassign`, { consultantId: 'lpa-notif' });
    expect(reassigned.status).toBe(200);
    const mine = await eventually(() => consultant.get(`/api/notifications?caseId=${caseId}`), (r) => r.body.items?.length > 0, 30_000);
    expect(mine.body.items).toEqual([expect.objectContaining({ caseId, topic: 'toegewezen', recipientRole: 'consultant', recipientId: 'lpa-notif' })]);
    expect((await otherConsultant.get(`/api/notifications?caseId=${caseId}`)).body.items).toEqual([]);

    // Read: gone from the unread list; someone else's cannot be marked.
    const id = mine.body.items[0].id as string;
    expect((await otherConsultant.post(`/api/notifications/${encodeURIComponent(id)}/read`)).status).toBe(404);
    const read = await consultant.post(`/api/notifications/${encodeURIComponent(id)}/read`);
    expect(read).toMatchObject({ status: 200, body: { id, readAt: expect.any(String) } });
    expect((await consultant.get(`/api/notifications?caseId=${caseId}&unread=true`)).body.items).toEqual([]);
    expect((await consultant.get(`/api/notifications?unread=maybe`)).status).toBe(400);
  });

  test('schools and management have no inbox (403 with the reason)', async () => {
    const res = await apiClient(app.baseUrl, { id: 'mgmt', role: 'management' }).get('/api/notifications');
    expect(res).toMatchObject({ status: 403, body: { error: { code: 'forbidden', message: expect.stringMatching(/may not/) } } });
  });
});
