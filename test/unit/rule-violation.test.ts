import { fromViolations, ok } from '../../domain/rule-violation';

describe('rule results', () => {
  test('ok() passes', () => {
    expect(ok()).toEqual({ ok: true });
  });

  test('no violations is a pass', () => {
    expect(fromViolations([])).toEqual({ ok: true });
  });

  test('violations are kept in order', () => {
    const violations = [
      { code: 'a.one', message: 'First.' },
      { code: 'b.two', message: 'Second.' },
    ];
    expect(fromViolations(violations)).toEqual({ ok: false, violations });
  });
});
