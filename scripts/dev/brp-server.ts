/**
 * A small local server of the Haal Centraal BRP Personen bevragen API (version 2) for development
 * and tests: `POST /personen` with `type: RaadpleegMetBurgerservicenummer`, the BSNs and the
 * `fields` asked for; it answers only those fields, as the real API does (data minimisation).
 * Persons come from scripts/dev/brp-seed.json; tests add their own with `POST /dev/personen`
 * (not part of the real API). Loopback only; production points BRP_URL at the gemeente's endpoint.
 *
 *   tsx scripts/dev/brp-server.ts <port> [apiKey]   prints `READY <base-url>` when listening
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

/** A person as the seed file and the tests give it (the BRP's categories, flattened). */
export type SeedPerson = {
  bsn: string;
  voornamen: string;
  voorvoegsel?: string;
  geslachtsnaam: string;
  geslacht: 'M' | 'V' | 'X';
  geboortedatum: string;
  adres?: { straat: string; huisnummer: number; huisletter?: string; toevoeging?: string; postcode: string; woonplaats: string };
  /** For a minor: who has gezag (the BSNs of the parents, or of a third party: voogdij). */
  gezag?: { type: 'GezamenlijkOuderlijkGezag' | 'EenhoofdigOuderlijkGezag' | 'Voogdij'; ouders: string[] };
};

const MONTHS = ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december'];
const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The person in the API's shape (naam, geboorte, adressering, gezag), before the fields filter. */
export function toPersoon(p: SeedPerson): Record<string, unknown> {
  const voorletters = p.voornamen.split(/\s+/).map((n) => `${n[0]}.`).join('');
  const achternaam = [p.voorvoegsel, p.geslachtsnaam].filter(Boolean).join(' ');
  const [y, m, d] = p.geboortedatum.split('-').map(Number) as [number, number, number];
  const persoon: Record<string, unknown> = {
    burgerservicenummer: p.bsn,
    naam: { voornamen: p.voornamen, voorvoegsel: p.voorvoegsel, geslachtsnaam: p.geslachtsnaam, voorletters, volledigeNaam: `${p.voornamen} ${achternaam}` },
    geboorte: { datum: { type: 'Datum', datum: p.geboortedatum, langFormaat: `${d} ${MONTHS[m - 1]} ${y}` } },
  };
  const aanhef = p.geslacht === 'M' ? `Geachte heer ${capital(achternaam)}` : p.geslacht === 'V' ? `Geachte mevrouw ${capital(achternaam)}` : `Geachte ${p.voornamen.split(' ')[0]} ${achternaam}`;
  if (p.adres) {
    const a = p.adres;
    persoon.adressering = {
      adresregel1: `${a.straat} ${a.huisnummer}${a.huisletter ?? ''}${a.toevoeging ? `-${a.toevoeging}` : ''}`,
      adresregel2: `${a.postcode}  ${a.woonplaats.toUpperCase()}`,
      aanhef,
      aanschrijfwijze: { naam: `${voorletters} ${achternaam}` },
    };
  } else {
    persoon.adressering = { aanhef, aanschrijfwijze: { naam: `${voorletters} ${achternaam}` } };
  }
  if (p.gezag) {
    const minderjarige = { burgerservicenummer: p.bsn };
    const ouders = p.gezag.ouders.map((bsn) => ({ burgerservicenummer: bsn }));
    persoon.gezag = [
      p.gezag.type === 'GezamenlijkOuderlijkGezag'
        ? { type: p.gezag.type, minderjarige, ouders }
        : p.gezag.type === 'EenhoofdigOuderlijkGezag'
          ? { type: p.gezag.type, minderjarige, ouder: ouders[0] }
          : { type: p.gezag.type, minderjarige, derden: ouders },
    ];
  }
  return persoon;
}

/** Keeps only the requested fields ('naam.voornamen', 'adressering', ...), as the real API does. */
export function pickFields(source: Record<string, unknown>, fields: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    const parts = field.split('.');
    let from: unknown = source;
    for (const p of parts) from = from && typeof from === 'object' ? (from as Record<string, unknown>)[p] : undefined;
    if (from === undefined) continue;
    let to = out;
    for (const p of parts.slice(0, -1)) to = (to[p] ??= {}) as Record<string, unknown>;
    to[parts.at(-1)!] = from;
  }
  return out;
}

const problem = (status: number, title: string, invalidParams?: { name: string; code: string; reason: string }[]) => ({
  type: 'https://datatracker.ietf.org/doc/html/rfc7231#section-6.5.1',
  title,
  status,
  code: status === 400 ? 'paramsValidation' : status === 401 ? 'authentication' : 'notFound',
  ...(invalidParams && { invalidParams }),
});

export function createBrpServer(persons: Map<string, SeedPerson>, apiKey?: string): http.Server {
  return http.createServer((req, res) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' });
      res.end(JSON.stringify(body));
    };
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c));
    req.on('end', () => {
      if (apiKey && req.headers['x-api-key'] !== apiKey) return send(401, problem(401, 'Niet correct geauthenticeerd.'));
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(raw || '{}') as Record<string, unknown>;
      } catch {
        return send(400, problem(400, 'Ongeldige JSON.'));
      }
      if (req.method === 'POST' && req.url === '/dev/personen') {
        for (const p of (body.personen ?? []) as SeedPerson[]) persons.set(p.bsn, p);
        return send(200, { count: persons.size });
      }
      if (req.method !== 'POST' || req.url !== '/personen') return send(404, problem(404, 'Opgevraagde resource bestaat niet.'));
      const invalid: { name: string; code: string; reason: string }[] = [];
      if (body.type !== 'RaadpleegMetBurgerservicenummer') invalid.push({ name: 'type', code: 'value', reason: 'Waarde is geen geldig zoek type.' });
      const bsns = body.burgerservicenummer;
      if (!Array.isArray(bsns) || bsns.length < 1 || bsns.length > 20) invalid.push({ name: 'burgerservicenummer', code: 'array', reason: 'Parameter bevat 1 tot 20 burgerservicenummers.' });
      else bsns.forEach((b, i) => /^\d{9}$/.test(String(b)) || invalid.push({ name: `burgerservicenummer[${i}]`, code: 'pattern', reason: 'Waarde voldoet niet aan patroon ^[0-9]{9}$.' }));
      const fields = body.fields;
      if (!Array.isArray(fields) || fields.length < 1) invalid.push({ name: 'fields', code: 'required', reason: 'Parameter is verplicht.' });
      if (invalid.length) return send(400, problem(400, 'Een of meerdere parameters zijn niet correct.', invalid));
      const personen = (bsns as string[]).flatMap((b) => {
        const p = persons.get(b);
        return p ? [pickFields(toPersoon(p), fields as string[])] : [];
      });
      send(200, { type: 'RaadpleegMetBurgerservicenummer', personen });
    });
  });
}

function main() {
  const [portArg, apiKey] = process.argv.slice(2);
  const seed = JSON.parse(fs.readFileSync(path.join(__dirname, 'brp-seed.json'), 'utf8')) as { personen: SeedPerson[] };
  const server = createBrpServer(new Map(seed.personen.map((p) => [p.bsn, p])), apiKey);
  server.listen(Number(portArg ?? 0), '127.0.0.1', () => {
    const port = (server.address() as { port: number }).port;
    process.stdout.write(`READY http://127.0.0.1:${port}\n`);
  });
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

if (require.main === module) main();
