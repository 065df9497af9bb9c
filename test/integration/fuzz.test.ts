import fs from 'node:fs';
import { fuzz } from '../../scripts/fuzz/requests';
import { fuzzTokens, seedForFuzz } from '../../scripts/fuzz/seed';
import { ZHZ_GEMEENTEN } from '../../domain/policy';
import { sharedApp, tokenFor } from '../support/processes';
import { stack } from '../support/stack-env';
import { freshLoopback } from '../support/http-from';

/**
 * The short form of `npm run fuzz` (issue 18): requests generated from the OpenAPI document with
 * tokens of every role, none and a forged one; no answer may be a 5xx, and no token may reach the log.
 */
describe('fuzz from the OpenAPI document (short form of npm run fuzz)', () => {
  test('generated requests of every role: never a 5xx, no token in the log', async () => {
    const app = sharedApp();
    const tokens = await fuzzTokens((c) => tokenFor({ id: c.sub, role: c.role, gemeenten: c.gemeenten, schoolBrin: c.schoolBrin }), ZHZ_GEMEENTEN.map((g) => g.code));
    const ids = await seedForFuzz(app.baseUrl, tokens);
    const doc = (await (await fetch(`${app.baseUrl}/api/openapi.json`)).json()) as object;
    // From an address of its own: its failed tokens and link guesses must not rate-limit other test files.
    const result = await fuzz({ baseUrl: app.baseUrl, doc, tokens, ids, count: 600, concurrency: 3, localAddress: freshLoopback() });
    expect(result.requests).toBe(600);
    const log = fs.readFileSync(stack().sharedApp!.logFile, 'utf8');
    // A 5xx names what the api logged for it (the error and its stack), so that a failure explains itself.
    const unhandled = log.split('\n').filter((l) => l.includes('"unhandled error"'));
    expect(result.serverErrors.map((e) => ({ ...e, logged: unhandled.filter((l) => l.includes(`"path":"${e.request.path}"`)) }))).toEqual([]);
    // Bad input was really sent: many 4xx, and some successes.
    expect(Object.entries(result.byStatus).filter(([s]) => s.startsWith('4')).reduce((n, [, c]) => n + c, 0)).toBeGreaterThan(300);
    expect(result.byStatus[200] ?? 0).toBeGreaterThan(0);
    for (const [role, t] of Object.entries(tokens)) if (t) expect([role, log.includes(t.split('.')[2]!)]).toEqual([role, false]);
  }, 600_000);
});
