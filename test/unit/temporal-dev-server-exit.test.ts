import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../scripts/dev/free-port';
import { startTemporalDevServer } from '../../scripts/dev/temporal';

/**
 * A dev server that exits while starting says why. A chaos run once failed with only "temporal dev
 * server exited (2)": the server's own words (with --log-level warn, its only output) were dropped
 * because that caller passed no log. A stand-in CLI prints like a Go panic and exits 2.
 */
describe('a Temporal dev server that exits while starting', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fake-temporal-'));
  const cli = path.join(dir, 'temporal');
  beforeAll(() => {
    const frames = Array.from({ length: 40 }, (_, i) => `echo "frame ${i}" >&2`).join('\n');
    fs.writeFileSync(cli, `#!/bin/sh\necho "panic: failed assigning ephemeral port: address already in use" >&2\n${frames}\nexit 2\n`, { mode: 0o755 });
  });
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('rejects with its exit code and the first and last lines it printed', async () => {
    const error = await startTemporalDevServer({ cli, port: await freePort() }).then(
      () => null,
      (e: unknown) => (e instanceof Error ? e.message : String(e)),
    );
    expect(error).toContain('temporal dev server exited (2)');
    expect(error).toContain('panic: failed assigning ephemeral port: address already in use');
    expect(error).toContain('frame 39');
    expect(error).not.toContain('frame 20\n');
  });

  test('passes every line to the log it was given as well', async () => {
    const lines: string[] = [];
    await expect(startTemporalDevServer({ cli, port: await freePort(), log: (l) => lines.push(l) })).rejects.toThrow('exited (2)');
    expect(lines).toHaveLength(41);
  });
});
