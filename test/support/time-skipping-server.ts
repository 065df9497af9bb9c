import { spawn, type ChildProcess } from 'node:child_process';
import type { ConnectionPlugin } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { stepRetryInterceptor } from '../../platform/step-retry';
import { accepts, freePort } from '../../scripts/dev/free-port';

/**
 * The Java test server (grpc-java) allows a keepalive ping at most every 5 minutes on an idle
 * connection; grpc-js pings every 30 s even without calls, so the server answered GOAWAY (too many
 * pings) in the middle of a test.
 */
const patientKeepalive: ConnectionPlugin = {
  name: 'test-server-keepalive',
  configureConnection: (options) => ({
    ...options,
    channelArgs: { ...options.channelArgs, 'grpc.keepalive_permit_without_calls': 0, 'grpc.keepalive_time_ms': 300_000 },
  }),
};

async function listening(child: ChildProcess, port: number, timeoutMs: number, output: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the Temporal test server exited (${child.exitCode ?? child.signalCode}) before listening on ${port}:\n${output()}`);
    if (await accepts(port)) return;
    if (Date.now() > deadline) throw new Error(`the Temporal test server did not listen on ${port} within ${timeoutMs / 1000} s:\n${output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * A time-skipping test server of our own, started by scripts/test-server.sh and connected to as an
 * existing server that supports time skipping. Not the SDK's createTimeSkipping(): that gives the
 * JVM 5 s to listen, and with four test files starting side by side on two cores a cold JVM
 * sometimes needs more; here it gets a minute, and a failure says why.
 */
export async function startTimeSkippingServer(executable: string): Promise<{ env: TestWorkflowEnvironment; stop(): Promise<void> }> {
  const port = await freePort();
  const child = spawn('bash', [executable, String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (b: Buffer) => (stderr = (stderr + b.toString()).slice(-4000)));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  };
  try {
    await listening(child, port, 60_000, () => stderr);
    // createFromExistingServer() would say the server cannot skip time; the SDK's own factory
    // behind it takes the flag (the same call createTimeSkipping() makes once its server listens).
    const create = (TestWorkflowEnvironment as unknown as { create(o: object): Promise<TestWorkflowEnvironment> }).create.bind(TestWorkflowEnvironment);
    const env = await create({ server: { type: 'existing' }, address: `127.0.0.1:${port}`, namespace: 'default', supportsTimeSkipping: true, plugins: [patientKeepalive],
      // As every client of ours (platform/temporal.ts): a step refused while the process takes its previous one is sent again.
      client: { interceptors: { workflow: [stepRetryInterceptor()] } },
    });
    return {
      env,
      async stop() {
        await env.teardown();
        await stop();
      },
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
