import { compareCounts, differences, formatCheck } from '../../domain/audit/projection-check';

describe('projection check', () => {
  test('every key of either side, a missing one counting 0; differences marked', () => {
    const rows = compareCounts('status', { 'in-behandeling': 3, afgesloten: 2 }, { 'in-behandeling': 3, geregistreerd: 1 });
    expect(rows).toEqual([
      { dimension: 'status', key: 'afgesloten', projection: 2, temporal: 0 },
      { dimension: 'status', key: 'geregistreerd', projection: 0, temporal: 1 },
      { dimension: 'status', key: 'in-behandeling', projection: 3, temporal: 3 },
    ]);
    expect(differences(rows).map((r) => r.key)).toEqual(['afgesloten', 'geregistreerd']);
    const text = formatCheck(rows).split('\n');
    expect(text[0]).toMatch(/projection\s+temporal$/);
    expect(text[1]).toMatch(/^! status afgesloten\s+2\s+0$/);
    expect(text[3]).toMatch(/^  status in-behandeling\s+3\s+3$/);
  });

  test('equal counts: no differences', () => {
    expect(differences(compareCounts('phase', { routes: 1 }, { routes: 1 }))).toEqual([]);
  });
});
