import { randomUUID } from 'node:crypto';
import { uniqueBsns } from '../../scripts/dev/bsn';
import type { Db } from '../../prisma/client';
import type { MeldingInput } from '../../domain/melding';
import type { MeldingSummary } from '../../domain/case/actions';

/** A BSN that passes the elfproef, made up for the test (never a real person's on purpose), once per process. */
export const testBsn = uniqueBsns();

export const uniqueId = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

/** A date-of-birth string for a youth of `age` full years on `on`. */
export function bornYearsBefore(on: string, age: number, monthsExtra = 2): string {
  const d = new Date(`${on}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() - age);
  d.setUTCMonth(d.getUTCMonth() - monthsExtra);
  return d.toISOString().slice(0, 10);
}

export const today = () => new Date().toISOString().slice(0, 10);
/** Today in the Netherlands: reports count instants by their Dutch date (a day ahead of UTC just after midnight). */
export const todayInNl = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(new Date());
export const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

/** A valid 16-uur melding as a school would send it. */
export function aMelding(overrides: Partial<MeldingInput> = {}): MeldingInput {
  return {
    meldingId: uniqueId('m'),
    kind: 'zestien-uur',
    reportDate: today(),
    startDate: daysAgo(28),
    endDate: daysAgo(1),
    hoursAbsent: 18,
    schoolWantsAction: true,
    schoolActions: 'Gesprek met mentor en ouders gevoerd',
    youth: { bsn: testBsn(), firstName: 'Sem', lastName: 'de Vries', dateOfBirth: bornYearsBefore(today(), 14), className: '3B' },
    gemeente: 'GM0505',
    school: { brin: '12AB', name: 'Testcollege Dordrecht' },
    melder: { name: 'J. Jansen', function: 'verzuimcoördinator', email: 'verzuim@testcollege.example' },
    ...overrides,
  } as MeldingInput;
}

/** Registers a youth directly in the register, as the workflow tests need one. */
export async function seedYouth(prisma: Db, dateOfBirth: string): Promise<string> {
  const youth = await prisma.youth.create({
    data: { identifierKind: 'bsn', identifierValue: testBsn(), firstName: 'Test', lastName: 'Jongere', dateOfBirth },
  });
  return youth.id;
}

export function aSummary(overrides: Partial<MeldingSummary> = {}): MeldingSummary {
  return {
    meldingId: uniqueId('m'),
    kind: 'zestien-uur',
    gemeente: 'GM0505',
    reportDate: today(),
    startDate: daysAgo(28),
    endDate: daysAgo(1),
    hoursAbsent: 18,
    schoolBrin: '12AB',
    ...overrides,
  };
}
