import { spawn } from 'node:child_process';
import { cpuPerCall, cpuSample } from '../../scripts/bench/cpu';

/** The bench's CPU accounting (scripts/bench/cpu.ts): what it reads from /proc, by role. */
describe('bench CPU by process', () => {
  /** Works until this process has used `ms` of CPU by its own count (never by the clock: the machine may be busy). */
  const busy = (ms: number) => {
    const from = process.cpuUsage();
    for (;;) {
      const used = process.cpuUsage(from);
      if ((used.user + used.system) / 1000 >= ms) return;
    }
  };

  test("this process's own CPU counts as the bench's, and grows with the work done", () => {
    const before = cpuSample({ api: -1, worker: -1 });
    busy(300);
    const after = cpuSample({ api: -1, worker: -1 });
    const bench = (after.get('bench') ?? 0) - (before.get('bench') ?? 0);
    // /proc counts in ticks of 10 ms; other threads of this process (jest's) may add some.
    expect(bench).toBeGreaterThanOrEqual(280);
    expect(bench).toBeLessThan(2_000);
  });

  test('a child given as the worker counts as the worker, not as this process', async () => {
    const work = 'const f = process.cpuUsage(); for (;;) { const u = process.cpuUsage(f); if (u.user + u.system >= 400000) break; } console.log("done"); setTimeout(() => {}, 10000)';
    const child = spawn(process.execPath, ['-e', work], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      await new Promise<void>((resolve) => child.stdout!.on('data', (b: Buffer) => b.toString().includes('done') && resolve()));
      const sample = cpuSample({ api: -1, worker: child.pid! });
      expect(sample.get('worker')).toBeGreaterThanOrEqual(380);
    } finally {
      child.kill();
    }
  });

  test('per call: the difference over the calls, largest first, never below zero', () => {
    const before = new Map([['worker', 100], ['api', 50], ['postgres', 30]] as const);
    const after = new Map([['worker', 300], ['api', 70], ['postgres', 10]] as const);
    expect(cpuPerCall(before, after, 10)).toEqual([
      { role: 'worker', ms: 20 },
      { role: 'api', ms: 2 },
      { role: 'postgres', ms: 0 },
      { role: 'temporal', ms: 0 },
      { role: 'bench', ms: 0 },
    ]);
  });
});
