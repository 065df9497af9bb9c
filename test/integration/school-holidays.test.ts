import { randomInt, randomUUID } from 'node:crypto';
import { nextSchoolYear, schoolYearOf } from '../../domain/calendar-school-holidays';
import { calendarRecipients } from '../../prisma/calendar-recipients';
import { createPrisma, type Db } from '../../prisma/client';
import { aMelding, seedYouth, todayInNl, uniqueId } from '../support/fixtures';
import { apiClient, caseStateUntil, sharedApp, tokenFor, type RunningApp } from '../support/processes';
import { stack } from '../support/stack-env';

/**
 * School holidays kept by the functional administrator over HTTP (issue 14): validation with field
 * messages, the warning on GET /api/policies and /ready while a region in use is not known a year
 * ahead, and a running case that receives the new calendar. A holiday region and a gemeente of this
 * file alone keep it apart from the seeded regio midden the other tests count with.
 */
describe('/api/school-holidays and the coverage warning', () => {
  let app: RunningApp;
  let prisma: Db;
  const region = `it-${randomUUID().slice(0, 6)}`;
  const gemeente = `GM8${String(randomInt(1000)).padStart(3, '0')}`;
  const thisYear = schoolYearOf(todayInNl());
  const [start, end] = thisYear.split('-').map(Number) as [number, number];
  const nextYear = nextSchoolYear(thisYear);
  const herfst = { name: 'Herfstvakantie', from: `${start}-10-17`, to: `${start}-10-25` };

  let admin: ReturnType<typeof apiClient>;
  beforeAll(async () => {
    app = sharedApp();
    prisma = createPrisma(stack().databaseUrl);
    admin = apiClient(app.baseUrl, { id: 'fb-kalender', role: 'admin' });
    const saved = await admin.put(`/api/policies/${region}`, { policy: { regionId: region, name: 'Kalendertest', schoolHolidayRegion: region }, gemeenten: [gemeente] });
    expect(saved.status).toBe(200);
  });
  afterAll(async () => {
    await prisma?.regionPolicy.deleteMany({ where: { regionId: region } });
    await app?.stop();
    await prisma?.$disconnect();
  });

  const warningFor = async () => {
    const res = await admin.get('/api/policies');
    expect(res.status).toBe(200);
    return (res.body.warnings as { region: string; coveredUntil: string | null; message: string }[]).find((w) => w.region === region);
  };
  const readyLines = async () => {
    const res = await fetch(`${app.baseUrl}/ready`);
    const body = (await res.json()) as { calendar: string | string[] };
    return Array.isArray(body.calendar) ? body.calendar : [body.calendar];
  };

  test('a region in use without school holidays a year ahead is named on GET /api/policies and /ready; adding them ends the warning', async () => {
    const before = await warningFor();
    expect(before).toMatchObject({ code: 'school-holidays.coverage', coveredUntil: null });
    expect(before!.message).toContain(`PUT /api/school-holidays/${region}/${thisYear}`);
    expect((await readyLines()).some((l) => l.includes(`'${region}'`))).toBe(true);

    // This school year alone (a herfstvakantie, nothing past 31 July) does not reach twelve months ahead.
    expect((await admin.put(`/api/school-holidays/${region}/${thisYear}`, { holidays: [herfst], source: 'test' })).status).toBe(200);
    expect(await warningFor()).toMatchObject({ coveredUntil: `${end}-07-31` });

    const next = await admin.put(`/api/school-holidays/${region}/${nextYear}`, {
      holidays: [{ name: 'Zomervakantie', from: `${end + 1}-07-18`, to: `${end + 1}-09-05` }],
    });
    expect(next).toMatchObject({ status: 200, body: { region, coveredUntil: `${end + 1}-09-05`, warning: null } });
    expect(await warningFor()).toBeUndefined();
    expect((await readyLines()).some((l) => l.includes(`'${region}'`))).toBe(false);

    const listed = await admin.get(`/api/school-holidays/${region}`);
    expect(listed.body.schoolYears.map((y: { schoolYear: string }) => y.schoolYear)).toEqual([thisYear, nextYear]);
    expect(listed.body.schoolYears[0]).toMatchObject({ holidays: [herfst], source: 'test', updatedBy: 'fb-kalender' });
  });

  test('bad input: 400 for the shape and the path, 422 for rules of the school year, 409 for a neighbouring year, each with field messages', async () => {
    const put = (year: string, body: unknown) => admin.put(`/api/school-holidays/${region}/${year}`, body);
    const fields = (res: { body: any }) => (res.body.error.fields as { path: string }[]).map((f) => f.path);

    const empty = await put(thisYear, { holidays: [] });
    expect(empty.status).toBe(400);
    expect(fields(empty)).toEqual(['holidays']);
    const impossible = await put(thisYear, { holidays: [{ name: 'x', from: `${start}-02-30`, to: `${start}-03-01` }] });
    expect([impossible.status, fields(impossible)]).toEqual([400, ['holidays.0.from']]);
    const badYear = await put('2027-2029', { holidays: [herfst] });
    expect([badYear.status, fields(badYear)]).toEqual([400, ['schoolYear']]);
    expect((await admin.put(`/api/school-holidays/Midden!/${thisYear}`, { holidays: [herfst] })).status).toBe(400);

    const outside = await put(nextYear, { holidays: [herfst] });
    expect(outside.status).toBe(422);
    expect(outside.body.error.fields).toEqual([{ path: 'holidays.0.from', message: expect.stringContaining(`school year ${nextYear}`) }]);
    const overlapping = await put(thisYear, { holidays: [herfst, { name: 'Studiedagen', from: `${start}-10-24`, to: `${start}-10-28` }] });
    expect(overlapping.status).toBe(422);
    expect(fields(overlapping)).toEqual(['holidays.1.from']);

    // The next school year's zomervakantie runs to 5 September: a holiday from 1 September of the year after overlaps it.
    const yearAfter = nextSchoolYear(nextYear);
    const clash = await put(yearAfter, { holidays: [{ name: 'Vroege vakantie', from: `${end + 1}-09-01`, to: `${end + 1}-09-06` }] });
    expect(clash.status).toBe(409);
    expect(clash.body.error.fields).toEqual([{ path: 'holidays.0', message: expect.stringContaining(`of school year ${nextYear}`) }]);
    expect((await admin.get(`/api/school-holidays/${region}`)).body.schoolYears.map((y: { schoolYear: string }) => y.schoolYear)).not.toContain(yearAfter);

    // Only the functional administrator changes them; a team lead reads them.
    expect((await apiClient(app.baseUrl, { id: 'tl-1', role: 'teamlead' }).put(`/api/school-holidays/${region}/${thisYear}`, { holidays: [herfst] })).status).toBe(403);
    expect((await apiClient(app.baseUrl, { id: 'tl-1', role: 'teamlead' }).get('/api/school-holidays')).status).toBe(200);
  });

  test('a running case of the region receives the saved calendar; removing a school year reaches it too', async () => {
    const school = apiClient(app.baseUrl, { id: 'school-12AB', role: 'school', schoolBrin: '12AB' });
    const registered = await school.post('/api/meldingen', aMelding({ gemeente }));
    expect(registered.status).toBe(201);
    const lpa = apiClient(app.baseUrl, { id: 'lpa-kalender', role: 'consultant', gemeenten: [gemeente] });
    const opened = await caseStateUntil(lpa, app, registered.body.caseId, (s) => s.step === 'school-informatie');
    expect(opened.calendar.region).toBe(region);

    const saved = await admin.put(`/api/school-holidays/${region}/${thisYear}`, { holidays: [herfst, { name: 'Voorjaarsvakantie', from: `${end}-02-13`, to: `${end}-02-21` }] });
    expect(saved.status).toBe(200);
    const after = await caseStateUntil(lpa, app, registered.body.caseId, (s) => s.calendar.revision === saved.body.revision);
    expect(after.recentChanges.at(-1)).toMatchObject({ action: 'signal:calendarChanged', actor: { id: 'fb-kalender', role: 'admin' } });

    const token = await tokenFor({ id: 'fb-kalender', role: 'admin' });
    const removed = await fetch(`${app.baseUrl}/api/school-holidays/${region}/${nextSchoolYear(nextYear)}`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } });
    expect(removed.status).toBe(404);
    const gone = await fetch(`${app.baseUrl}/api/school-holidays/${region}/${nextYear}`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } });
    const body = (await gone.json()) as { revision: number; warning: unknown };
    expect([gone.status, body.warning !== null]).toEqual([200, true]);
    await caseStateUntil(lpa, app, registered.body.caseId, (s) => s.calendar.revision === body.revision);
  });
  test('a new calendar goes only to the workflows of its region, just-started cases and open early signals included', async () => {
    // Rows as a just-registered melding and signal leave them (no projection yet): one of this
    // file's gemeente, one of a gemeente no region claims (the default policy's regio midden).
    // Stored delivered, so the shared worker's reconciler leaves them alone (README, Tests).
    const youthId = await seedYouth(prisma, '2012-05-06');
    const elsewhere = `GM7${String(randomInt(1000)).padStart(3, '0')}`;
    const ids = { ownCase: `case-${uniqueId('m')}`, otherCase: `case-${uniqueId('m')}`, ownSignal: `signal-${uniqueId('s')}`, otherSignal: `signal-${uniqueId('s')}` };
    const melding = (caseId: string, g: string) => ({ id: caseId.slice('case-'.length), youthId, caseId, kind: 'zestien-uur', gemeente: g, reportDate: todayInNl(), payload: {}, deliveredAt: new Date() });
    const signal = (id: string, g: string) => ({ id, youthId, gemeente: g, concern: 'anders', reporterRole: 'school', reporterId: 'school-12AB', payload: {}, deliveredAt: new Date() });
    await prisma.melding.createMany({ data: [melding(ids.ownCase, gemeente), melding(ids.otherCase, elsewhere)] });
    await prisma.earlySignal.createMany({ data: [signal(ids.ownSignal, gemeente), signal(ids.otherSignal, elsewhere)] });
    try {
      const own = await calendarRecipients(prisma, region);
      expect({ ownCase: own.includes(ids.ownCase), ownSignal: own.includes(ids.ownSignal), otherCase: own.includes(ids.otherCase), otherSignal: own.includes(ids.otherSignal) }).toEqual({ ownCase: true, ownSignal: true, otherCase: false, otherSignal: false });
      const midden = await calendarRecipients(prisma, 'midden');
      expect({ ownCase: midden.includes(ids.ownCase), ownSignal: midden.includes(ids.ownSignal), otherCase: midden.includes(ids.otherCase), otherSignal: midden.includes(ids.otherSignal) }).toEqual({ ownCase: false, ownSignal: false, otherCase: true, otherSignal: true });
    } finally {
      await prisma.earlySignal.deleteMany({ where: { id: { in: [ids.ownSignal, ids.otherSignal] } } });
      await prisma.melding.deleteMany({ where: { caseId: { in: [ids.ownCase, ids.otherCase] } } });
      await prisma.youth.delete({ where: { id: youthId } });
    }
  });
});
