import * as grpc from '@grpc/grpc-js';
import { ServiceError } from '@temporalio/client';
import { deadlineInterceptors, unavailableDependency } from '../../platform/temporal-deadlines';

/**
 * An update the server aborted because it failed the workflow task (WorkflowNotReady, seen under
 * load on the early signal's escalation and answered 500): sent again with the same update id, and
 * when the server keeps aborting it, 503 with Retry-After instead of a 500. A real gRPC server on
 * loopback stands in for Temporal's frontend: it answers the first calls as Temporal did.
 */
const ABORTED = 'Unable to perform workflow execution update due to unexpected workflow task failure.';
const bytes = { requestSerialize: (b: Buffer) => b, requestDeserialize: (b: Buffer) => b, responseSerialize: (b: Buffer) => b, responseDeserialize: (b: Buffer) => b };
const method = (name: string) => ({ path: `/temporal.api.workflowservice.v1.WorkflowService/${name}`, requestStream: false, responseStream: false, ...bytes });
const service = { UpdateWorkflowExecution: method('UpdateWorkflowExecution'), SignalWorkflowExecution: method('SignalWorkflowExecution') };

describe('an update aborted by a failed workflow task', () => {
  let server: grpc.Server;
  let client: grpc.Client & Record<keyof typeof service, (req: Buffer, cb: (err: grpc.ServiceError | null, res?: Buffer) => void) => void>;
  const calls: Record<string, Buffer[]> = {};
  let failFirst = 0;

  beforeAll(async () => {
    server = new grpc.Server();
    const handler = (name: string) => (call: grpc.ServerUnaryCall<Buffer, Buffer>, cb: grpc.sendUnaryData<Buffer>) => {
      (calls[name] ??= []).push(call.request);
      if (calls[name].length <= failFirst) cb({ code: grpc.status.FAILED_PRECONDITION, details: ABORTED });
      else cb(null, Buffer.from('done'));
    };
    server.addService(service, { UpdateWorkflowExecution: handler('UpdateWorkflowExecution'), SignalWorkflowExecution: handler('SignalWorkflowExecution') });
    const port = await new Promise<number>((resolve, reject) => server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))));
    const Client = grpc.makeGenericClientConstructor(service, 'WorkflowService');
    client = new Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), { interceptors: deadlineInterceptors({ callMs: 5_000, updateMs: 10_000 }) }) as never;
  });
  afterAll(() => {
    client?.close();
    server?.forceShutdown();
  });
  beforeEach(() => {
    for (const k of Object.keys(calls)) delete calls[k];
  });

  const call = (name: keyof typeof service, body: string) =>
    new Promise<{ err: grpc.ServiceError | null; res?: Buffer }>((resolve) => client[name](Buffer.from(body), (err, res) => resolve({ err, res })));

  test('the same update is sent again and done on the second try', async () => {
    failFirst = 1;
    const { err, res } = await call('UpdateWorkflowExecution', 'update-id-1');
    expect(err).toBeNull();
    expect(res?.toString()).toBe('done');
    expect(calls.UpdateWorkflowExecution!.map((b) => b.toString())).toEqual(['update-id-1', 'update-id-1']);
  });

  test('a server that keeps aborting it: four tries, then Temporal is unavailable (503), not an internal error', async () => {
    failFirst = 100;
    const { err } = await call('UpdateWorkflowExecution', 'update-id-2');
    expect(err?.code).toBe(grpc.status.FAILED_PRECONDITION);
    expect(calls.UpdateWorkflowExecution).toHaveLength(4);
    // As the SDK's client wraps it.
    expect(unavailableDependency(new ServiceError('Workflow Update failed', { cause: err! }))).toBe('temporal');
  });

  test('other calls keep the SDK retry rules: a FAILED_PRECONDITION is not retried', async () => {
    failFirst = 1;
    const { err } = await call('SignalWorkflowExecution', 'signal');
    expect(err?.code).toBe(grpc.status.FAILED_PRECONDITION);
    expect(calls.SignalWorkflowExecution).toHaveLength(1);
    expect(unavailableDependency(Object.assign(new Error('9 FAILED_PRECONDITION: the namespace is not active'), { code: 9, details: 'x', metadata: {} }))).toBeNull();
  });
});
