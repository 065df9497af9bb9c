import { ServiceError } from '@temporalio/client';
import { unavailableDependency } from '../../platform/temporal-deadlines';

/** Which failures the API answers with 503 and Retry-After instead of a 500 (issue 18, issue 15's bench). */
const grpcError = (code: number, text: string) => Object.assign(new Error(`${code} ${text}`), { code, details: text, metadata: {} });

describe('unavailableDependency', () => {
  test('a start cancelled by the gRPC layer under load is Temporal being unavailable, not a 500 (seen in the 10,000-case bench)', () => {
    const err = new ServiceError('Failed to start Workflow: 1 CANCELLED: Call cancelled', { cause: grpcError(1, 'CANCELLED: Call cancelled') });
    expect(unavailableDependency(err)).toBe('temporal');
  });

  test('deadline exceeded and unavailable are Temporal; an ordinary error is nothing', () => {
    expect(unavailableDependency(grpcError(4, 'DEADLINE_EXCEEDED: Deadline exceeded'))).toBe('temporal');
    expect(unavailableDependency(grpcError(14, 'UNAVAILABLE: No connection established'))).toBe('temporal');
    expect(unavailableDependency(new Error('something else'))).toBeNull();
    expect(unavailableDependency(grpcError(5, 'NOT_FOUND: workflow not found'))).toBeNull();
  });
});
