import fs from 'node:fs';

type Read = (file: string) => string;
type List = (dir: string) => string[];

const readFile: Read = (file) => fs.readFileSync(file, 'utf8');
const listDir: List = (dir) => fs.readdirSync(dir);

/**
 * Resident memory of a process and its descendants, MiB (a program may run children of its own).
 * A thread or child that ends while it is read is left out, not the whole process: the worker's
 * threads come and go, and one that ended between listing and reading made the whole figure 0
 * (a 50,000-case run printed the worker at "0 MiB").
 */
export function rssMb(pid: number | undefined, read: Read = readFile, list: List = listDir): number {
  if (!pid) return 0;
  let own: number;
  let tasks: string[];
  try {
    own = Number(/VmRSS:\s+(\d+)/.exec(read(`/proc/${pid}/status`))?.[1] ?? 0) / 1024;
    tasks = list(`/proc/${pid}/task`);
  } catch {
    return 0; // the process itself is gone
  }
  const children = tasks.flatMap((t) => {
    try {
      return read(`/proc/${pid}/task/${t}/children`).split(' ').filter(Boolean).map(Number);
    } catch {
      return []; // that thread ended meanwhile
    }
  });
  return own + children.reduce((sum, c) => sum + rssMb(c, read, list), 0);
}
