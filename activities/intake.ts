import type { Db } from '../prisma/client';
import type { MeldingSummary } from '../domain/case/actions';
import type { IntakeFacts } from '../domain/case/intake';
import type { CaseState } from '../domain/case/state';
import type { ReferenceData } from '../prisma/reference-data';
import { coveringVrijstellingen, VrijstellingSchema } from '../domain/vrijstelling';

/** What the rules must know of the youth's earlier cases (e.g. an earlier Halt referral for verzuim). */
export async function priorHistory(prisma: Db, youthId: string, caseId: string) {
  const [earlier, earlierLuxeMeldingen] = await Promise.all([
    prisma.case.findMany({ where: { youthId, id: { not: caseId } }, select: { state: true } }),
    prisma.melding.count({ where: { youthId, kind: 'luxe', caseId: { not: caseId } } }),
  ]);
  const states = earlier.map((c) => c.state as unknown as CaseState);
  const routes = states.flatMap((s) => s.routes ?? []);
  return {
    earlierHaltForVerzuim: routes.some((r) => r.kind === 'halt'),
    earlierLuxeMeldingen,
    parentsConvictedBefore: routes.some(
      (r) =>
        r.kind === 'strafrechtelijk' &&
        ['strafbeschikking', 'zitting-veroordeling'].includes(r.outcome ?? '') &&
        ((r.details as { against?: string[] }).against ?? []).includes('ouders'),
    ),
  };
}

export function createIntakeActivities({ prisma, reference }: { prisma: Db; reference: ReferenceData }) {
  return {
    /** Reads everything the intake rules need from the registers in PostgreSQL. */
    async loadIntake(args: { caseId: string; melding: MeldingSummary; youthId: string }): Promise<IntakeFacts> {
      // Independent reads, at once: the case opens after the slowest, not after their sum.
      const [youth, rows, assignment, policyCalendar, prior] = await Promise.all([
        prisma.youth.findUniqueOrThrow({ where: { id: args.youthId } }),
        prisma.vrijstelling.findMany({ where: { youthId: args.youthId } }),
        reference.assignment(args.melding.gemeente, args.melding.schoolBrin),
        reference.policyAndCalendar(args.melding.gemeente),
        priorHistory(prisma, args.youthId, args.caseId),
      ]);
      const vrijstellingen = rows.map((v) =>
        VrijstellingSchema.parse({ ...(v.details as object), kind: v.kind, from: v.from, to: v.to ?? undefined, decisionDate: v.decisionDate, reference: v.reference }),
      );
      const period = { from: args.melding.startDate, to: args.melding.endDate ?? args.melding.reportDate };
      return {
        caseId: args.caseId,
        melding: args.melding,
        youthId: youth.id,
        dateOfBirth: youth.dateOfBirth,
        hasStartkwalificatie: youth.hasStartkwalificatie,
        gemeente: args.melding.gemeente,
        ...assignment,
        ...policyCalendar,
        prior,
        vrijstellingen: coveringVrijstellingen(vrijstellingen, period).map((v) => ({ kind: v.kind, from: v.from, to: v.to, reference: v.reference })),
      };
    },
  };
}
