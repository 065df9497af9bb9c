import { spawn } from 'node:child_process';
import { cpuPerCall, cpuSample } from '../../scripts/bench/cpu';

/** The bench's CPU accounting (scripts/bench/cpu.ts): what it reads from /proc, by role. */
describe('bench CPU by process', () => {
  const busy = (ms: number) => {
    const until = performance.now() + ms;
    while (performance.now() < until);
  };

  test("this process's own CPU counts as the bench's, and grows with the work done", () => {
    const before = cpuSample({ api: -1, worker: -1 });
    busy(300);
    const after = cpuSample({ api: -1, worker: -1 });
    const bench = (after.get('bench') ?? 0) - (before.get('bench') ?? 0);
    expect(bench).toBeGreaterThanOrEqual(200);
    expect(bench).toBeLessThan(2_000);
  });

  test('a child given as the worker counts as the worker, not as this process', async () => {
    const child = spawn(process.execPath, ['-e', 'const t = Date.now() + 400; while (Date.now() < t); setTimeout(() => {}, 5000)']);
    try {
      await new Promise((r) => setTimeout(r, 700));
      const sample = cpuSample({ api: -1, worker: child.pid! });
      expect(sample.get('worker')).toBeGreaterThanOrEqual(300);
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
