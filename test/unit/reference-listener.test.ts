import { freePort } from '../../scripts/dev/free-port';
import { listenForReferenceChanges } from '../../prisma/reference-changes';
import { settle } from '../support/eventually';

/** The listener of the worker's reference data cache while PostgreSQL cannot be reached (with the server: reference-changes.test.ts). */
describe('the reference data listener without a server', () => {
  test('does not listen, keeps trying, and says so once per outage rather than once per attempt', async () => {
    const port = await freePort(); // nothing listens there
    const events: string[] = [];
    const changes = listenForReferenceChanges(`postgresql://nobody@127.0.0.1:${port}/none`, { retryMs: 20, timeoutMs: 500, log: (event) => events.push(event) });
    try {
      await settle(400);
      expect(changes.listening).toBe(false);
      // Every attempt that failed moved the generation on: nothing read meanwhile can be kept.
      expect(changes.generation).toBeGreaterThan(3);
      expect(events).toEqual(['lost']);
    } finally {
      await changes.close();
    }
    const after = changes.generation;
    await settle(100);
    expect(changes.generation).toBe(after); // closed: no more attempts
  });
});
