import { spawnSync } from 'node:child_process';
import path from 'node:path';

/**
 * `tsc --noEmit` inside `npm test`, as a test of its own so that it runs beside the other files
 * instead of before them all. Incremental: the build info goes to .data/cache/, so a second run
 * only re-checks what changed (a clean clone checks everything).
 */
const root = path.join(__dirname, '..', '..');

test('tsc finds no type errors', () => {
  const r = spawnSync(
    path.join(root, 'node_modules', '.bin', 'tsc'),
    ['--noEmit', '-p', '.', '--incremental', '--tsBuildInfoFile', path.join(root, '.data', 'cache', 'typecheck.tsbuildinfo')],
    { cwd: root, encoding: 'utf8', timeout: 600_000 },
  );
  if (r.status !== 0) throw new Error(`tsc found type errors:\n${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? String(r.error) : ''}`);
}, 600_000);
