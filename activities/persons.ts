import type { Db, Prisma } from '../prisma/client';
import { gezagdragerBsns, GEZAGDRAGER_FIELDS, YOUTH_FIELDS, type BrpClient, type BrpPersoon } from './persons-brp';

export type CasePersonRow = Awaited<ReturnType<Db['casePerson']['findMany']>>[number];

type NewPerson = Omit<Prisma.CasePersonCreateManyInput, 'caseId'>;

function fromBrp(p: BrpPersoon, role: 'jeugdige' | 'gezagdrager'): NewPerson {
  const lastName = [p.naam?.voorvoegsel, p.naam?.geslachtsnaam].filter(Boolean).join(' ');
  const lines = [p.adressering?.adresregel1, p.adressering?.adresregel2, p.adressering?.adresregel3].filter((l): l is string => !!l);
  return {
    role,
    bsn: p.burgerservicenummer,
    source: 'brp',
    name: p.adressering?.aanschrijfwijze?.naam ?? [p.naam?.voornamen, lastName].filter(Boolean).join(' '),
    firstNames: p.naam?.voornamen ?? null,
    lastName,
    salutation: p.adressering?.aanhef ?? null,
    dateOfBirth: p.geboorte?.datum?.datum ?? null,
    addressLines: lines,
    addressSource: lines.length ? 'brp' : 'onbekend',
  };
}

/**
 * The persons register of a case: the youth and the gezagdragers, fetched once from the BRP (Haal
 * Centraal, only the fields letters need) and kept with the case, so letters and corrections refer
 * to them by id. Without a BRP (or a youth with only an onderwijsnummer, or unknown to the BRP) the
 * youth comes from the youth register without an address, and the consultant adds what is missing.
 */
export function createPersonsRegister({ prisma, brp }: { prisma: Db; brp: BrpClient | null }) {
  async function youthOfCase(caseId: string) {
    const row = await prisma.case.findUnique({ where: { id: caseId }, select: { youthId: true } });
    const youthId = row?.youthId ?? (await prisma.melding.findFirst({ where: { caseId }, orderBy: { receivedAt: 'asc' }, select: { youthId: true } }))?.youthId;
    return youthId ? prisma.youth.findUnique({ where: { id: youthId } }) : null;
  }

  return {
    /** The case's persons, fetched from the BRP on first use (one lookup per case, under a lock). */
    async casePersons(caseId: string): Promise<CasePersonRow[]> {
      const known = await prisma.casePerson.findMany({ where: { caseId }, orderBy: [{ role: 'desc' }, { fetchedAt: 'asc' }, { name: 'asc' }] });
      if (known.length) return known;
      const youth = await youthOfCase(caseId);
      if (!youth) return [];
      const people: NewPerson[] = [];
      const brpYouth = brp && youth.identifierKind === 'bsn' ? (await brp.raadpleeg([youth.identifierValue], YOUTH_FIELDS))[0] : undefined;
      if (brpYouth) {
        people.push(fromBrp(brpYouth, 'jeugdige'));
        const bsns = gezagdragerBsns(brpYouth);
        for (const p of await brp!.raadpleeg(bsns, GEZAGDRAGER_FIELDS)) people.push(fromBrp(p, 'gezagdrager'));
      } else {
        people.push({
          role: 'jeugdige',
          bsn: youth.identifierKind === 'bsn' ? youth.identifierValue : null,
          source: 'register',
          name: `${youth.firstName} ${youth.lastName}`,
          firstNames: youth.firstName,
          lastName: youth.lastName,
          dateOfBirth: youth.dateOfBirth,
          addressLines: [],
          addressSource: 'onbekend',
        });
      }
      await prisma.$transaction(async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`persons:${caseId}`}))`;
        if (await tx.casePerson.count({ where: { caseId } })) return; // another request fetched them first
        await tx.casePerson.createMany({ data: people.map((p) => ({ ...p, caseId })) });
      });
      return prisma.casePerson.findMany({ where: { caseId }, orderBy: [{ role: 'desc' }, { fetchedAt: 'asc' }, { name: 'asc' }] });
    },

    /**
     * The consultant corrects or adds a person's address or e-mail (a youth staying elsewhere, adres
     * onjuist after a huisbezoek): the change and its reason go to the audit table in one transaction.
     */
    async correctPerson(
      caseId: string,
      personId: string,
      change: { addressLines?: string[]; email?: string | null; reason: string },
      actor: { id: string; role: string },
    ): Promise<CasePersonRow | null> {
      return prisma.$transaction(async (tx) => {
        const before = await tx.casePerson.findFirst({ where: { id: personId, caseId } });
        if (!before) return null;
        const data: Prisma.CasePersonUpdateInput = {};
        const audit: Prisma.CasePersonChangeCreateManyInput[] = [];
        if (change.addressLines) {
          data.addressLines = change.addressLines;
          data.addressSource = 'consultant';
          data.addressNote = change.reason;
          audit.push({ caseId, personId, field: 'address', before: { addressLines: before.addressLines, source: before.addressSource }, after: { addressLines: change.addressLines }, reason: change.reason, actorId: actor.id, actorRole: actor.role });
        }
        if (change.email !== undefined) {
          data.email = change.email;
          audit.push({ caseId, personId, field: 'email', before: { email: before.email }, after: { email: change.email }, reason: change.reason, actorId: actor.id, actorRole: actor.role });
        }
        const after = await tx.casePerson.update({ where: { id: personId }, data });
        await tx.casePersonChange.createMany({ data: audit });
        return after;
      });
    },

    /** A gezagdrager the BRP does not know (or a youth without a BSN): added by the consultant, audited. */
    async addPerson(
      caseId: string,
      person: { role: 'gezagdrager'; name: string; lastName: string; firstNames?: string; salutation?: string; addressLines: string[]; email?: string; reason: string },
      actor: { id: string; role: string },
    ): Promise<CasePersonRow> {
      return prisma.$transaction(async (tx) => {
        const { reason, ...fields } = person;
        const row = await tx.casePerson.create({
          data: { ...fields, caseId, source: 'consultant', addressSource: fields.addressLines.length ? 'consultant' : 'onbekend', addressNote: reason },
        });
        await tx.casePersonChange.create({ data: { caseId, personId: row.id, field: 'added', after: { name: row.name, addressLines: row.addressLines }, reason, actorId: actor.id, actorRole: actor.role } });
        return row;
      });
    },
  };
}

export type PersonsRegister = ReturnType<typeof createPersonsRegister>;
