import { csvField, toCsv } from '../../domain/audit/csv';
import { daysBetween, median, percentile, round1, summarize } from '../../domain/audit/stats';

describe('lead-time statistics', () => {
  test('median of odd and even counts; nothing for no values', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });

  test('the 90th percentile interpolates between the closest ranks (PERCENTIELE.INC)', () => {
    const tenToHundred = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100];
    expect(percentile(tenToHundred, 90)).toBeCloseTo(91);
    expect(percentile(tenToHundred, 0)).toBe(10);
    expect(percentile(tenToHundred, 100)).toBe(100);
    expect(percentile([7], 90)).toBe(7);
    expect(() => percentile([1], 101)).toThrow(RangeError);
  });

  test('days between instants, as a fraction; a summary rounds to one decimal', () => {
    expect(daysBetween('2026-01-01T00:00:00Z', '2026-01-11T12:00:00Z')).toBe(10.5);
    expect(() => daysBetween('gisteren', '2026-01-01T00:00:00Z')).toThrow(RangeError);
    expect(summarize([1, 2, 3, 4, 10])).toEqual({ n: 5, medianDays: 3, p90Days: 7.6 });
    expect(round1(null)).toBeNull();
  });
});

describe('CSV', () => {
  test('quotes what needs quoting and doubles quotes inside', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('zei "nee"')).toBe('"zei ""nee"""');
    expect(csvField('twee\nregels')).toBe('"twee\nregels"');
    expect(csvField(' spatie')).toBe('" spatie"');
    expect(csvField('Inschrijving beëindigd')).toBe('Inschrijving beëindigd');
  });

  test('numbers, booleans, empty values and lists', () => {
    expect(csvField(12.5)).toBe('12.5');
    expect(csvField(-3)).toBe('-3');
    expect(csvField(Number.NaN)).toBe('');
    expect(csvField(null)).toBe('');
    expect(csvField(undefined)).toBe('');
    expect(csvField(true)).toBe('true');
    expect(csvField(['M-1', 'M-2'])).toBe('M-1;M-2');
  });

  test('text a spreadsheet would run as a formula is defused', () => {
    expect(csvField('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvField('+31 6')).toBe("'+31 6");
    expect(csvField('-stap')).toBe("'-stap");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
  });

  test('a header, a line per row, CRLF line ends', () => {
    expect(toCsv(['key', 'count'], [{ key: 'a,b', count: 2 }, { key: 'c', count: 0 }])).toBe('key,count\r\n"a,b",2\r\nc,0\r\n');
    expect(toCsv(['key'], [])).toBe('key\r\n');
  });
});
