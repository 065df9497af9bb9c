import { coveringVrijstellingen, VRIJSTELLING_LABELS, VrijstellingKind, VrijstellingSchema } from '../../domain/vrijstelling';

const issues = (input: object) => {
  const r = VrijstellingSchema.safeParse(input);
  if (r.success) return [];
  return r.error.issues.map((i) => {
    const code = (i as { params?: { code?: string } }).params?.code;
    return code ? `${i.path.join('.')}: ${code}` : i.path.join('.');
  });
};

const art5b = { kind: 'art5b', from: '2025-08-01', to: '2026-07-31', decisionDate: '2025-06-20', reference: 'LVS-2025-0042' };
const art5a = { kind: 'art5a', from: '2025-09-01', decisionDate: '2025-08-25', statementDate: '2025-07-01', reference: 'LVS-2025-0043' };

describe('VrijstellingKind labels', () => {
  test('every kind has a Dutch label naming its article', () => {
    expect(Object.keys(VRIJSTELLING_LABELS).sort()).toEqual([...VrijstellingKind.options].sort());
    expect(VRIJSTELLING_LABELS.art5a).toMatch(/^Art\. 5 onder a/);
    expect(VRIJSTELLING_LABELS['art11-verlof']).toMatch(/^Art\. 11/);
  });
});

describe('VrijstellingSchema', () => {
  test('accepts a vrijstelling with a period', () => {
    expect(issues(art5b)).toEqual([]);
  });

  test('accepts an open-ended vrijstelling', () => {
    expect(issues({ ...art5b, to: undefined })).toEqual([]);
    expect(issues(art5a)).toEqual([]);
  });

  test('the end must not come before the start; equal is one day', () => {
    expect(issues({ ...art5b, to: '2025-07-31' })).toEqual(['to: vrijstelling.to-before-from']);
    expect(issues({ ...art5b, to: '2025-08-01' })).toEqual([]);
  });

  test('verlof always ends', () => {
    expect(issues({ ...art5b, kind: 'art11-verlof', to: undefined })).toEqual(['to: vrijstelling.verlof-end']);
    expect(issues({ ...art5b, kind: 'art11-verlof', from: '2026-03-02', to: '2026-03-06' })).toEqual([]);
  });

  describe('art. 5 onder a: the expert statement', () => {
    test('is required', () => {
      expect(issues({ ...art5a, statementDate: undefined })).toEqual(['statementDate: vrijstelling.statement-required']);
    });

    test('may be at most 3 months old on the decision date', () => {
      expect(issues({ ...art5a, statementDate: '2025-05-25' })).toEqual([]);
      expect(issues({ ...art5a, statementDate: '2025-05-24' })).toEqual(['statementDate: vrijstelling.statement-age']);
    });

    test('counts calendar months, clamped at the end of a month', () => {
      // 31 May minus 3 months is 28 February.
      expect(issues({ ...art5a, decisionDate: '2025-05-31', statementDate: '2025-02-28' })).toEqual([]);
      expect(issues({ ...art5a, decisionDate: '2025-05-31', statementDate: '2025-02-27' })).toEqual(['statementDate: vrijstelling.statement-age']);
    });

    test('cannot postdate the decision', () => {
      expect(issues({ ...art5a, statementDate: '2025-08-26' })).toEqual(['statementDate: vrijstelling.statement-after-decision']);
      expect(issues({ ...art5a, statementDate: '2025-08-25' })).toEqual([]);
    });

    test('other kinds need no statement', () => {
      expect(issues({ ...art5b, statementDate: undefined })).toEqual([]);
    });
  });

  test('refuses unknown kinds, bad dates, empty references and unknown fields', () => {
    expect(issues({ ...art5b, kind: 'art5d' })).toEqual(['kind']);
    expect(issues({ ...art5b, from: '2025-02-30' })).toEqual(['from']);
    expect(issues({ ...art5b, reference: ' ' })).toEqual(['reference']);
    expect(issues({ ...art5b, grond: 'x' })).toEqual(['']);
  });
});

describe('coveringVrijstellingen', () => {
  const list = [
    { id: 'a', from: '2025-08-01', to: '2025-12-31' },
    { id: 'b', from: '2026-01-01', to: undefined },
    { id: 'c', from: '2025-03-01', to: '2025-03-31' },
  ];
  const ids = (from: string, to: string) => coveringVrijstellingen(list, { from, to }).map((v) => v.id);

  test('those overlapping the period, ends included', () => {
    expect(ids('2025-12-01', '2025-12-19')).toEqual(['a']);
    expect(ids('2025-12-31', '2026-01-01')).toEqual(['a', 'b']);
    expect(ids('2025-03-31', '2025-04-15')).toEqual(['c']);
    expect(ids('2025-04-01', '2025-07-31')).toEqual([]);
  });

  test('an open-ended vrijstelling covers everything after its start', () => {
    expect(ids('2030-01-01', '2030-01-31')).toEqual(['b']);
  });
});
