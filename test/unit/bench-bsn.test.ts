import { uniqueBsns } from '../../scripts/dev/bsn';
import { Bsn } from '../../domain/melding';

describe("the bench's BSNs", () => {
  test("are all different within a run, and each is a BSN to the melding's own schema", () => {
    const next = uniqueBsns();
    const all = Array.from({ length: 100_000 }, next);
    expect(new Set(all).size).toBe(all.length);
    for (const bsn of all.slice(0, 2_000)) expect(Bsn.safeParse(bsn).success).toBe(true);
  });

  test('wrap around without a leading zero', () => {
    const next = uniqueBsns(99_999_998);
    const first = [next(), next(), next()];
    expect(first.every((b) => /^[1-9]\d{8}$/.test(b) && Bsn.safeParse(b).success)).toBe(true);
    expect(new Set(first).size).toBe(3);
  });
});
