import { randomInt } from 'node:crypto';

/**
 * BSNs that pass the elfproef, each once per process (the bench, fuzz, the tests): every youth
 * made up is one of its own. Drawn at random, 25,000 of them shared a BSN about four times (a recidive: the melding
 * joined the earlier case), and a scale run waited an hour for a case that would never open.
 */
export function uniqueBsns(start = randomInt(10_000_000, 90_000_000)): () => string {
  let next = start;
  return () => {
    for (;;) {
      if (next >= 100_000_000) next = 10_000_000; // eight digits, the first not 0
      const prefix = String(next++);
      const sum = [...prefix].reduce((a, d, i) => a + Number(d) * (9 - i), 0);
      const check = sum % 11;
      if (check < 10) return `${prefix}${check}`;
    }
  };
}
