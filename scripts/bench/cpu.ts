import fs from 'node:fs';

/**
 * CPU time by role on this machine, from /proc (Linux): what one figure's calls cost each process
 * of the stack, so the bench can say where an action's CPU goes and not only its wall time. The
 * roles are the api and worker processes (with their descendants), PostgreSQL (every postgres
 * process), the Temporal server and this process (its clients and the trivial workflow's worker).
 */
export type CpuRole = 'api' | 'worker' | 'postgres' | 'temporal' | 'bench';
export type CpuSample = Map<CpuRole, number>;

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

function stat(pid: number): { comm: string; ppid: number; ms: number } | null {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // comm is in parentheses and may hold spaces: the fields after it are split from its end.
    const close = text.lastIndexOf(')');
    const comm = text.slice(text.indexOf('(') + 1, close);
    const fields = text.slice(close + 2).split(' ');
    // Fields 4 (ppid) and 14 to 17 (utime, stime, and those of its children it waited for) of
    // proc(5), counted from the state (field 3): a PostgreSQL backend that exits between two
    // samples (a pool closing an idle connection) is counted in its postmaster's from then on.
    const ticks = [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0);
    return { comm, ppid: Number(fields[1]), ms: (ticks * 1000) / TICKS_PER_SECOND };
  } catch {
    return null; // gone meanwhile
  }
}

/** The CPU milliseconds used so far by each role's live processes. */
export function cpuSample(pids: { api: number; worker: number }): CpuSample {
  const all = new Map<number, NonNullable<ReturnType<typeof stat>>>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const s = stat(Number(entry));
    if (s) all.set(Number(entry), s);
  }
  const roleOf = (pid: number): CpuRole | null => {
    // By name first: the bench starts PostgreSQL and Temporal itself, so they descend from it too.
    const comm = all.get(pid)!.comm;
    if (comm.startsWith('postgres')) return 'postgres';
    if (comm.startsWith('temporal')) return 'temporal';
    for (let p: number | undefined = pid, hops = 0; p && hops < 50; p = all.get(p)?.ppid, hops++) {
      if (p === pids.api) return 'api';
      if (p === pids.worker) return 'worker';
      if (p === process.pid) return 'bench';
    }
    return null;
  };
  const sample: CpuSample = new Map();
  for (const [pid, s] of all) {
    const role = roleOf(pid);
    if (role) sample.set(role, (sample.get(role) ?? 0) + s.ms);
  }
  return sample;
}

/** CPU milliseconds per call by role between two samples, largest first, and their sum. */
export function cpuPerCall(before: CpuSample, after: CpuSample, calls: number): { role: CpuRole; ms: number }[] {
  const roles: CpuRole[] = ['worker', 'api', 'postgres', 'temporal', 'bench'];
  return roles.map((role) => ({ role, ms: Math.max(0, (after.get(role) ?? 0) - (before.get(role) ?? 0)) / calls })).sort((a, b) => b.ms - a.ms);
}
