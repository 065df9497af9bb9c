import type { Server, ServerResponse } from 'node:http';
import net from 'node:net';

export type DrainOptions = {
  /** The least time the listener stays open after the signal (a load balancer stops sending). */
  acceptForMs: number;
  /** Then it stops listening once this long passed without a new connection. */
  quietMs: number;
  /** At most this long in all: the connections still open are then closed. */
  drainMs: number;
  log: { info(attrs: object, msg: string): void; warn(attrs: object, msg: string): void };
  /** Every connection ended (clean) or the drain ran out; the caller closes its clients and exits. */
  onDrained(clean: boolean): void;
};

/**
 * SIGTERM for the API: every request in flight gets its answer, and so does every connection a
 * client opened before the listener closes. Answers after the signal carry `connection: close`.
 *
 * The listener closes only after a quiet moment, and only after the event loop had one more look
 * at the kernel's accept queue: a loop stalled by load (a slow log pipe, a busy CPU) runs the
 * timer first and accepts the waiting connections after it, so closing from the timer itself
 * reset connections the clients had already opened and written to (ECONNRESET in the drain test).
 * Idle kept-alive connections end by the server's keepAliveTimeout, never by closing them: a
 * connection whose request still sits unread in its socket looks idle too.
 */
export function drainOnSignal(server: Server, opts: DrainOptions): { stop(signal: string): void; inFlight(): number } {
  let stopping = false;
  const inFlight = new Set<ServerResponse>();
  let connections = 0;
  let lastConnectionAt = 0;
  let drained = false;
  const finish = (clean: boolean) => {
    if (drained) return;
    drained = true;
    opts.onDrained(clean);
  };
  server.on('connection', () => {
    connections++;
    lastConnectionAt = Date.now();
  });
  server.on('request', (_req, res) => {
    inFlight.add(res);
    res.once('close', () => inFlight.delete(res));
    if (stopping) res.setHeader('connection', 'close');
  });

  const closeWhenQuiet = () => {
    const quietFor = Date.now() - lastConnectionAt;
    if (quietFor < opts.quietMs) return void setTimeout(closeWhenQuiet, opts.quietMs - quietFor).unref();
    const seen = connections;
    // One poll phase first: it accepts what waited in the kernel's queue while the loop was busy.
    setImmediate(() => {
      if (connections !== seen) return void setTimeout(closeWhenQuiet, opts.quietMs).unref();
      // net.Server's close stops listening only; http.Server's would also drop idle connections.
      net.Server.prototype.close.call(server, () => finish(true));
    });
  };

  return {
    inFlight: () => inFlight.size,
    stop(signal) {
      if (stopping) return;
      stopping = true;
      // Answers not yet begun close their connection too, so kept-alive clients move on.
      for (const res of inFlight) if (!res.headersSent) res.setHeader('connection', 'close');
      opts.log.info({ signal, inFlight: inFlight.size }, 'api stopping: draining requests in flight');
      setTimeout(closeWhenQuiet, opts.acceptForMs).unref();
      setTimeout(() => {
        opts.log.warn({ inFlight: inFlight.size, drainMs: opts.drainMs }, 'api: requests still running at the end of the drain; closing their connections');
        server.closeAllConnections();
        finish(false);
      }, opts.drainMs).unref();
    },
  };
}
