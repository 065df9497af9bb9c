import net from 'node:net';
import type { AddressInfo } from 'node:net';

export type TcpProxy = {
  address: string;
  /** From now on, what clients send is held back (never reaches the server): calls hang. */
  hold(): void;
  close(): Promise<void>;
};

/**
 * A TCP proxy on loopback in front of a server (e.g. Temporal's gRPC port), which a test can make
 * swallow requests: a process that talks through it hangs mid-call where it would talk to the
 * server, a moment a test can then kill it in.
 */
export async function startTcpProxy(target: string): Promise<TcpProxy> {
  const [host, port] = [target.slice(0, target.lastIndexOf(':')), Number(target.slice(target.lastIndexOf(':') + 1))];
  let held = false;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(port, host === 'localhost' ? '127.0.0.1' : host);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    client.on('data', (chunk) => {
      if (!held) upstream.write(chunk);
    });
    upstream.on('data', (chunk) => client.write(chunk));
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    address: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    hold: () => {
      held = true;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
