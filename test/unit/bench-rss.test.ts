import { rssMb } from '../../scripts/bench/rss';

/** The bench's memory figure for a process tree, read from a /proc of the test's making. */
describe("the bench's resident memory of a process", () => {
  const proc: Record<string, string> = {
    '/proc/10/status': 'Name:\tnode\nVmRSS:\t  524288 kB\n',
    '/proc/10/task/10/children': '20 ',
    '/proc/10/task/11/children': '',
    '/proc/20/status': 'VmRSS:\t102400 kB\n',
    '/proc/20/task/20/children': '',
  };
  const tasks: Record<string, string[]> = { '/proc/10/task': ['10', '11', '12'], '/proc/20/task': ['20'] };
  const read = (file: string) => {
    if (!(file in proc)) throw Object.assign(new Error(`ENOENT: ${file}`), { code: 'ENOENT' });
    return proc[file]!;
  };
  const list = (dir: string) => {
    if (!(dir in tasks)) throw Object.assign(new Error(`ENOENT: ${dir}`), { code: 'ENOENT' });
    return tasks[dir]!;
  };

  test('counts the process and its children, leaving out a thread that ended while it was read', () => {
    // Thread 12 is listed but gone when its children are read.
    expect(rssMb(10, read, list)).toBe(512 + 100);
  });

  test('is 0 for a process that is gone', () => {
    expect(rssMb(99, read, list)).toBe(0);
    expect(rssMb(undefined, read, list)).toBe(0);
  });
});
