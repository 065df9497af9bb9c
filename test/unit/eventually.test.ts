import { eventually } from '../support/eventually';

describe('eventually (the tests\' wait helper)', () => {
  it('returns the first value that holds', async () => {
    let n = 0;
    await expect(eventually(async () => ++n, (v) => v >= 3, 5_000)).resolves.toBe(3);
  });

  it('throws on timeout, saying what it waited for and what it last saw', async () => {
    await expect(eventually(async () => ({ phase: 'onderzoek' }), (s) => s.phase === 'routes', 300)).rejects.toThrow(
      // The predicate's source as the transform printed it (swc writes arrows without spaces).
      /timed out after 300 ms waiting for \(s\) ?=> ?s\.phase === 'routes'; the last value was \{"phase":"onderzoek"\}/,
    );
    await expect(eventually(async () => 1, () => false, { timeoutMs: 200, what: 'the projection of version 3' })).rejects.toThrow(/waiting for the projection of version 3/);
  });

  it('keeps polling through errors, and reports the last one', async () => {
    let n = 0;
    await expect(eventually(async () => { if (++n < 3) throw new Error('not yet'); return n; }, (v) => v === 3, 5_000)).resolves.toBe(3);
    await expect(eventually(async () => { throw new Error('row not found'); }, () => true, 200)).rejects.toThrow(/the last attempt threw: row not found/);
  });
});
