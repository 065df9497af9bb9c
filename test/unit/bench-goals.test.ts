import { goalVerdicts, type GoalFigures } from '../../scripts/bench/goals';

/** The bench says of each goal whether this run met it, and if not, why, in the run's own figures. */
describe("the bench's verdict on its goals", () => {
  const figures = (change: (g: GoalFigures) => void = () => undefined): GoalFigures => {
    const g: GoalFigures = {
      cores: 2,
      intake: { rate: 35, rawRate: 89.1, concurrency: 10, cpuMs: 50, rawCpuMs: 12.5, apiShareMs: 8.3 },
      actions: [
        { users: 1, ratios: [2.0, 0.8, 0.7], perSecond: 31.3, cpuMs: 37, rawCpuMs: 28 },
        { users: 10, ratios: [4.0, 4.2, 3.8], perSecond: 35, cpuMs: 36.3, rawCpuMs: 10.7 },
      ],
      oneCaller: { viaApiMs: 30.6, directMs: 25.3, trivialMs: 10, taskHeldMs: 18.4 },
    };
    change(g);
    return g;
  };

  test('a goal not met is explained: intake and concurrency by CPU per call against what the cores allow, one caller by the profile', () => {
    const [intake, one, ten] = goalVerdicts(figures());
    expect(intake).toBe(
      "intake rate at 10 callers: not met (0.39 of the engine's; goal 0.8). A melding cost 50.0 CPU-ms until answered, a raw start 12.5 (4.0x); " +
        "at that cost 2 cores allow at most 40 meldingen/s and the run reached 35.0 (88% of it). At one caller the API's own work (PostgreSQL, the youth's lock, delivery) added 8.3 ms to the start.",
    );
    expect(one).toBe(
      "action at 1 user: not met (p50/p95/p99 2.0/0.8/0.7x; goal 1.5x). Of a reassign's 30.6 ms the API added 5.3 and the case workflow 15.3 " +
        "(its task held 18.4 ms until durable: validator, transition, projection, notification) to the engine's 10.0.",
    );
    expect(ten).toBe(
      'action at 10 users: not met (p50/p95/p99 4.0/4.2/3.8x; goal 1.5x). With 10 callers on 2 cores latency follows CPU: a reassign cost 36.3 CPU-ms, the trivial update 10.7 ' +
        '(3.4x); at that cost the cores allow at most 55 reassigns/s and the run reached 35.0 (64% of it).',
    );
  });

  test('a goal met says so, with its figure', () => {
    const lines = goalVerdicts(
      figures((g) => {
        g.intake.rate = 80;
        g.actions[1]!.ratios = [1.5, 1.2, 1.1];
      }),
    );
    expect(lines[0]).toBe("intake rate at 10 callers: met (0.90 of the engine's; goal 0.8)");
    expect(lines[1]).toMatch(/^action at 1 user: not met/);
    expect(lines[2]).toBe('action at 10 users: met (p50/p95/p99 1.5/1.2/1.1x; goal 1.5x)');
  });
});
