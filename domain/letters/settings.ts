import { z } from 'zod';

const line = z.string().trim().min(1).max(200);
const Organisation = z.object({ name: line, addressLines: z.array(line).min(1).max(4) }).strict();

/**
 * A region's letterhead: who sends, from where, how letters close and who signs, and the partners
 * letters go to. Set by the functional administrator (PUT /api/letter-settings/:regionId).
 * Signature lines may name placeholders (e.g. {{consulent.naam}}).
 */
export const LetterSettingsSchema = z
  .object({
    organisation: line,
    department: line.optional(),
    addressLines: z.array(line).min(1).max(4),
    phone: line.optional(),
    email: z.email().optional(),
    website: line.optional(),
    place: line,
    closing: line,
    signature: z.array(line).min(1).max(5),
    footer: z.string().trim().max(400).optional(),
    organisations: z
      .object({
        'raad-voor-de-kinderbescherming': Organisation,
        jeugdbeschermingstafel: Organisation,
        'openbaar-ministerie': Organisation,
        halt: Organisation,
      })
      .strict(),
  })
  .strict();
export type LetterSettings = z.infer<typeof LetterSettingsSchema>;

/** The default letterhead (LVS Zuid-Holland Zuid), until the administrator sets the region's own. */
export const DEFAULT_LETTER_SETTINGS: LetterSettings = {
  organisation: 'Leerplicht en Voortijdig Schoolverlaten Zuid-Holland Zuid',
  department: 'Team Leerplicht',
  addressLines: ['Postbus 166', '3300 AD  DORDRECHT'],
  phone: '078 770 8000',
  email: 'leerplicht@lvs-zhz.example',
  website: 'www.lvs-zhz.example',
  place: 'Dordrecht',
  closing: 'Met vriendelijke groet,',
  signature: ['{{consulent.naam}}', '{{consulent.functie}}'],
  footer: 'Vermeld bij correspondentie altijd het kenmerk. Wij verwerken uw gegevens volgens de Leerplichtwet 1969 en de AVG.',
  organisations: {
    'raad-voor-de-kinderbescherming': { name: 'Raad voor de Kinderbescherming, regio Rotterdam-Rijnmond', addressLines: ['Postbus 23035', '3001 KA  ROTTERDAM'] },
    jeugdbeschermingstafel: { name: 'Jeugdbeschermingstafel Zuid-Holland Zuid', addressLines: ['Postbus 1140', '3300 BC  DORDRECHT'] },
    'openbaar-ministerie': { name: 'Openbaar Ministerie, Arrondissementsparket Rotterdam, t.a.v. de Officier van Justitie', addressLines: ['Postbus 50956', '3007 BL  ROTTERDAM'] },
    halt: { name: 'Halt Zuid-West', addressLines: ['Postbus 371', '3300 AJ  DORDRECHT'] },
  },
};
