/**
 * The bench's verdict on issue 15's goals, each met or not, and for one not met the reason in this
 * run's own figures: where the milliseconds went at one caller (the profile), and under
 * concurrency the CPU each call cost against the engine's on the cores every process shares.
 */
export const INTAKE_GOAL = 0.8;
export const ACTION_GOAL = 1.5;

export type GoalFigures = {
  cores: number;
  intake: {
    /** Meldingen per second against raw starts per second, at `concurrency` callers. */
    rate: number;
    rawRate: number;
    concurrency: number;
    /** CPU-ms per call until answered, every process of the stack, and the raw start's. */
    cpuMs: number;
    rawCpuMs: number;
    /** At one caller: the melding's latency less a raw start's (the API's own work). */
    apiShareMs: number;
  };
  actions: {
    users: number;
    /** The reassign's latency over the raw update's, at p50, p95, p99. */
    ratios: [number, number, number];
    perSecond: number;
    cpuMs: number;
    rawCpuMs: number;
  }[];
  /** The profile at one caller (p50 ms). */
  oneCaller: { viaApiMs: number; directMs: number; trivialMs: number; taskHeldMs: number };
};

const f1 = (n: number) => n.toFixed(1);
const f2 = (n: number) => n.toFixed(2);
const f0 = (n: number) => n.toFixed(0);

/** What the cores allow per second at a CPU cost per call, if nothing else held it back. */
const bound = (cores: number, cpuMs: number) => (cores * 1000) / cpuMs;

export function goalVerdicts(g: GoalFigures): string[] {
  const lines: string[] = [];
  const intakeRatio = g.intake.rate / g.intake.rawRate;
  const intake = `intake rate at ${g.intake.concurrency} callers`;
  if (intakeRatio >= INTAKE_GOAL) lines.push(`${intake}: met (${f2(intakeRatio)} of the engine's; goal ${INTAKE_GOAL})`);
  else {
    const cap = bound(g.cores, g.intake.cpuMs);
    lines.push(
      `${intake}: not met (${f2(intakeRatio)} of the engine's; goal ${INTAKE_GOAL}). A melding cost ${f1(g.intake.cpuMs)} CPU-ms until answered, a raw start ${f1(g.intake.rawCpuMs)} (${f1(g.intake.cpuMs / g.intake.rawCpuMs)}x); ` +
        `at that cost ${g.cores} cores allow at most ${f0(cap)} meldingen/s and the run reached ${f1(g.intake.rate)} (${f0((100 * g.intake.rate) / cap)}% of it). ` +
        `At one caller the API's own work (PostgreSQL, the youth's lock, delivery) added ${f1(g.intake.apiShareMs)} ms to the start.`,
    );
  }
  for (const a of g.actions) {
    const who = `action at ${a.users} user${a.users === 1 ? '' : 's'}`;
    const shown = `p50/p95/p99 ${a.ratios.map(f1).join('/')}x; goal ${ACTION_GOAL}x`;
    if (a.ratios.every((r) => r <= ACTION_GOAL)) {
      lines.push(`${who}: met (${shown})`);
      continue;
    }
    if (a.users === 1) {
      const o = g.oneCaller;
      lines.push(
        `${who}: not met (${shown}). Of a reassign's ${f1(o.viaApiMs)} ms the API added ${f1(o.viaApiMs - o.directMs)} and the case workflow ${f1(o.directMs - o.trivialMs)} ` +
          `(its task held ${f1(o.taskHeldMs)} ms until durable: validator, transition, projection, notification) to the engine's ${f1(o.trivialMs)}.`,
      );
    } else {
      const cap = bound(g.cores, a.cpuMs);
      lines.push(
        `${who}: not met (${shown}). With ${a.users} callers on ${g.cores} cores latency follows CPU: a reassign cost ${f1(a.cpuMs)} CPU-ms, the trivial update ${f1(a.rawCpuMs)} ` +
          `(${f1(a.cpuMs / a.rawCpuMs)}x); at that cost the cores allow at most ${f0(cap)} reassigns/s and the run reached ${f1(a.perSecond)} (${f0((100 * a.perSecond) / cap)}% of it).`,
      );
    }
  }
  return lines;
}
