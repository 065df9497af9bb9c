import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { z } from 'zod';
import type { Config } from '../platform/config';

/**
 * The Haal Centraal BRP Personen bevragen API (v2): POST <BRP_URL>/personen, operation
 * RaadpleegMetBurgerservicenummer, asking only the fields a letter needs (data minimisation).
 * Authentication by API key (X-API-Key) and/or a client certificate (mTLS), as the gemeente's
 * gateway requires.
 */
export type BrpConfig = Pick<Config, 'BRP_URL' | 'BRP_API_KEY' | 'BRP_CLIENT_CERT' | 'BRP_CLIENT_KEY' | 'BRP_CA_CERT'>;

/** For the youth: name, date of birth, address for letters, and who has gezag. */
export const YOUTH_FIELDS = [
  'burgerservicenummer',
  'naam.voornamen',
  'naam.voorvoegsel',
  'naam.geslachtsnaam',
  'geboorte.datum',
  'adressering.adresregel1',
  'adressering.adresregel2',
  'adressering.adresregel3',
  'adressering.aanhef',
  'adressering.aanschrijfwijze',
  'gezag',
] as const;
/** For a gezagdrager: name and address for letters; nothing else. */
export const GEZAGDRAGER_FIELDS = YOUTH_FIELDS.filter((f) => f !== 'gezag' && f !== 'geboorte.datum');

const Bsn = z.string().regex(/^\d{9}$/);
const GezagOuder = z.object({ burgerservicenummer: Bsn.optional() }).loose();
const Gezagsrelatie = z
  .object({
    type: z.string(),
    ouders: z.array(GezagOuder).optional(),
    ouder: GezagOuder.optional(),
    derde: GezagOuder.optional(),
    derden: z.array(GezagOuder).optional(),
  })
  .loose();

export const BrpPersoon = z
  .object({
    burgerservicenummer: Bsn,
    naam: z.object({ voornamen: z.string().optional(), voorvoegsel: z.string().optional(), geslachtsnaam: z.string().optional() }).loose().optional(),
    geboorte: z.object({ datum: z.object({ datum: z.string().optional() }).loose().optional() }).loose().optional(),
    adressering: z
      .object({
        adresregel1: z.string().optional(),
        adresregel2: z.string().optional(),
        adresregel3: z.string().optional(),
        aanhef: z.string().optional(),
        aanschrijfwijze: z.object({ naam: z.string().optional() }).loose().optional(),
      })
      .loose()
      .optional(),
    gezag: z.array(Gezagsrelatie).optional(),
  })
  .loose();
export type BrpPersoon = z.infer<typeof BrpPersoon>;

const RaadpleegAntwoord = z.object({ personen: z.array(BrpPersoon) }).loose();

export class BrpError extends Error {}

export type BrpClient = { raadpleeg(bsns: string[], fields: readonly string[]): Promise<BrpPersoon[]> };

/** The gezagdragers' BSNs from the youth's gezag relations (parents, a parent and a third, guardians). */
export function gezagdragerBsns(youth: BrpPersoon): string[] {
  const out = new Set<string>();
  for (const g of youth.gezag ?? []) {
    for (const o of [...(g.ouders ?? []), g.ouder, g.derde, ...(g.derden ?? [])]) if (o?.burgerservicenummer) out.add(o.burgerservicenummer);
  }
  return [...out];
}

export function createBrpClient(config: BrpConfig): BrpClient | null {
  if (!config.BRP_URL) return null;
  const url = new URL(`${config.BRP_URL.replace(/\/+$/, '')}/personen`);
  const read = (file?: string) => (file ? fs.readFileSync(file) : undefined);
  const tls = { cert: read(config.BRP_CLIENT_CERT), key: read(config.BRP_CLIENT_KEY), ca: read(config.BRP_CA_CERT) };
  return {
    async raadpleeg(bsns, fields) {
      if (!bsns.length) return [];
      const body = JSON.stringify({ type: 'RaadpleegMetBurgerservicenummer', burgerservicenummer: bsns, fields });
      const { status, text } = await post(url, body, config.BRP_API_KEY, tls);
      if (status !== 200) throw new BrpError(`the BRP answered ${status}: ${problemTitle(text)}`);
      const parsed = RaadpleegAntwoord.safeParse(JSON.parse(text));
      if (!parsed.success) throw new BrpError('the BRP answered in an unexpected shape');
      return parsed.data.personen;
    },
  };
}

function problemTitle(text: string): string {
  try {
    const p = JSON.parse(text) as { title?: string; invalidParams?: { name: string; reason: string }[] };
    return [p.title, ...(p.invalidParams ?? []).map((i) => `${i.name}: ${i.reason}`)].filter(Boolean).join('; ');
  } catch {
    return text.slice(0, 200);
  }
}

function post(url: URL, body: string, apiKey: string | undefined, tls: { cert?: Buffer; key?: Buffer; ca?: Buffer }): Promise<{ status: number; text: string }> {
  const lib = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = lib.request(
      url,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', ...(apiKey && { 'x-api-key': apiKey }) },
        ...(url.protocol === 'https:' && tls),
        timeout: 10_000,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('timeout', () => req.destroy(new BrpError('the BRP did not answer within 10 seconds')));
    req.on('error', (err) => reject(err instanceof BrpError ? err : new BrpError(`the BRP could not be reached: ${err.message}`)));
    req.end(body);
  });
}
