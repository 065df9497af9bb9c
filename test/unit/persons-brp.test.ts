import type { AddressInfo } from 'node:net';
import type http from 'node:http';
import { createBrpClient, gezagdragerBsns, GEZAGDRAGER_FIELDS, YOUTH_FIELDS } from '../../activities/persons-brp';
import { createBrpServer, type SeedPerson } from '../../scripts/dev/brp-server';

const persons: SeedPerson[] = [
  {
    bsn: '111222333', voornamen: 'Sem Johannes', voorvoegsel: 'de', geslachtsnaam: 'Vries', geslacht: 'M', geboortedatum: '2012-03-04',
    adres: { straat: 'Voorstraat', huisnummer: 12, huisletter: 'A', postcode: '3311 AB', woonplaats: 'Dordrecht' },
    gezag: { type: 'GezamenlijkOuderlijkGezag', ouders: ['222333444', '333444555'] },
  },
  { bsn: '222333444', voornamen: 'Johannes Pieter', voorvoegsel: 'de', geslachtsnaam: 'Vries', geslacht: 'M', geboortedatum: '1980-06-01', adres: { straat: 'Voorstraat', huisnummer: 12, postcode: '3311 AB', woonplaats: 'Dordrecht' } },
  { bsn: '333444555', voornamen: 'Maria', geslachtsnaam: 'Bakker', geslacht: 'V', geboortedatum: '1982-09-15', adres: { straat: 'Singel', huisnummer: 210, postcode: '3311 KV', woonplaats: 'Dordrecht' } },
];

describe('the persons register: Haal Centraal BRP Personen bevragen', () => {
  let server: http.Server;
  let url: string;
  const requests: unknown[] = [];
  beforeAll(async () => {
    server = createBrpServer(new Map(persons.map((p) => [p.bsn, p])), 'test-key');
    server.on('request', (req: http.IncomingMessage) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c));
      req.on('end', () => requests.push(JSON.parse(body || '{}')));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  test('asks by BSN for only the fields a letter needs, and gets only those', async () => {
    const brp = createBrpClient({ BRP_URL: url, BRP_API_KEY: 'test-key' })!;
    const [youth] = await brp.raadpleeg(['111222333'], YOUTH_FIELDS);
    expect(requests.at(-1)).toEqual({ type: 'RaadpleegMetBurgerservicenummer', burgerservicenummer: ['111222333'], fields: [...YOUTH_FIELDS] });
    expect(youth).toEqual({
      burgerservicenummer: '111222333',
      naam: { voornamen: 'Sem Johannes', voorvoegsel: 'de', geslachtsnaam: 'Vries' },
      geboorte: { datum: { type: 'Datum', datum: '2012-03-04', langFormaat: '4 maart 2012' } },
      adressering: { adresregel1: 'Voorstraat 12A', adresregel2: '3311 AB  DORDRECHT', aanhef: 'Geachte heer De Vries', aanschrijfwijze: { naam: 'S.J. de Vries' } },
      gezag: [{ type: 'GezamenlijkOuderlijkGezag', minderjarige: { burgerservicenummer: '111222333' }, ouders: [{ burgerservicenummer: '222333444' }, { burgerservicenummer: '333444555' }] }],
    });
    expect(gezagdragerBsns(youth!)).toEqual(['222333444', '333444555']);
    const parents = await brp.raadpleeg(gezagdragerBsns(youth!), GEZAGDRAGER_FIELDS);
    expect(parents.map((p) => p.adressering?.aanschrijfwijze?.naam)).toEqual(['J.P. de Vries', 'M. Bakker']);
    // Data minimisation: no date of birth, no gezag of the parents.
    expect(parents.every((p) => p.geboorte === undefined && p.gezag === undefined)).toBe(true);
  });

  test('an unknown BSN gives no person; a wrong key or request is an error with the reason', async () => {
    const brp = createBrpClient({ BRP_URL: url, BRP_API_KEY: 'test-key' })!;
    expect(await brp.raadpleeg(['999999999'], YOUTH_FIELDS)).toEqual([]);
    await expect(createBrpClient({ BRP_URL: url, BRP_API_KEY: 'wrong' })!.raadpleeg(['111222333'], YOUTH_FIELDS)).rejects.toThrow('the BRP answered 401');
    await expect(brp.raadpleeg(['12'], YOUTH_FIELDS)).rejects.toThrow(/400.*burgerservicenummer\[0\]/);
    expect(createBrpClient({})).toBeNull();
  });

  test('an unreachable BRP is a BrpError (the API answers 503, the activity retries)', async () => {
    const brp = createBrpClient({ BRP_URL: 'http://127.0.0.1:1' })!;
    await expect(brp.raadpleeg(['111222333'], YOUTH_FIELDS)).rejects.toThrow('the BRP could not be reached');
  });
});
