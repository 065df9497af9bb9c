import { failureKinds } from '../../scripts/bench/failures';

describe("the bench's summary of failed calls", () => {
  test('counts them by figure and answer status, whatever case or body they name', () => {
    const failures = [
      'opening cases: POST /api/meldingen: 429 {"error":{"code":"too-many-requests"}}',
      'opening cases: POST /api/meldingen: 429 {"error":{"code":"too-many-requests"}}',
      'reassign at 10 users: POST /api/cases/case-1/reassign: 409 {"error":{"code":"phase-conflict"}}',
      'reassign at 10 users: POST /api/cases/case-2/reassign: 409 {"error":{"code":"phase-conflict"}}',
      'opening cases: POST /api/meldingen: 503 {"error":{"code":"unavailable"}}',
      'raw update at 50 users: deadline exceeded',
    ];
    expect(failureKinds(failures)).toBe('opening cases 429 ×2, reassign at 10 users 409 ×2, opening cases 503 ×1, raw update at 50 users ×1');
  });
});
