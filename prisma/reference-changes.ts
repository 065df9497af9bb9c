import pg from 'pg';

/** The channel the reference data's triggers notify (migration 20261205030000_reference_data_changes). */
export const REFERENCE_CHANNEL = 'reference_data';

/** How the listening connection names itself in pg_stat_activity. */
export const REFERENCE_LISTENER_NAME = 'verzuimregie-reference-listener';

/**
 * What a cache of the reference data needs to know: whether it hears every change now, and a
 * generation that moves on with every change it hears and every time it stops or starts hearing.
 * Something read while the generation stayed the same, and while listening, is still current.
 */
export type ReferenceChanges = {
  readonly generation: number;
  readonly listening: boolean;
  close(): Promise<void>;
};

export type ListenOptions = {
  /** Wait before listening again after the connection was lost (ms). */
  retryMs?: number;
  /** How often the connection is checked with a query, so a dead one is noticed (ms). */
  pingMs?: number;
  /** Bound of connecting, of LISTEN and of the ping (ms). */
  timeoutMs?: number;
  log?: (event: 'listening' | 'lost', detail?: string) => void;
  /** Its name in pg_stat_activity (default REFERENCE_LISTENER_NAME). */
  applicationName?: string;
};

/**
 * One dedicated connection that LISTENs for changes of the reference data. PostgreSQL sends a
 * notification when the writing transaction commits; while this connection is down nothing is
 * heard, so `listening` is false then and a cache must read through (prisma/reference-data.ts).
 */
export function listenForReferenceChanges(connectionString: string, options: ListenOptions = {}): ReferenceChanges {
  const { retryMs = 1_000, pingMs = 15_000, timeoutMs = 5_000, log = () => undefined, applicationName = REFERENCE_LISTENER_NAME } = options;
  let generation = 0;
  let client: pg.Client | undefined;
  let live = false;
  let closed = false;
  // Said once per outage, not once per attempt to listen again.
  let saidLost = false;
  let retry: NodeJS.Timeout | undefined;
  let ping: NodeJS.Timeout | undefined;

  const lost = (which: pg.Client, err?: unknown) => {
    if (client !== which) return;
    client = undefined;
    live = false;
    generation++;
    clearInterval(ping);
    // Without a server that answers, end() may never finish: nothing waits for it.
    void which.end().catch(() => undefined);
    if (closed) return;
    if (!saidLost) log('lost', err instanceof Error ? err.message : 'connection ended');
    saidLost = true;
    retry = setTimeout(connect, retryMs);
    retry.unref();
  };

  const connect = () => {
    if (closed) return;
    const next = new pg.Client({
      connectionString,
      application_name: applicationName,
      keepAlive: true,
      connectionTimeoutMillis: timeoutMs,
      query_timeout: timeoutMs,
    });
    client = next;
    next.on('notification', (n) => {
      if (n.channel === REFERENCE_CHANNEL && client === next) generation++;
    });
    // After it was given up, a client's late errors are of no interest (and must not crash).
    next.on('error', (err) => lost(next, err));
    next.on('end', () => lost(next));
    next
      .connect()
      .then(() => next.query(`LISTEN ${REFERENCE_CHANNEL}`))
      .then(() => {
        if (client !== next) return;
        // What was read before this moment may have missed a change: a generation of its own.
        generation++;
        live = true;
        saidLost = false;
        log('listening');
        ping = setInterval(() => void next.query('SELECT 1').catch((err: unknown) => lost(next, err)), pingMs);
        ping.unref();
      })
      .catch((err: unknown) => lost(next, err));
  };

  connect();
  return {
    get generation() {
      return generation;
    },
    get listening() {
      return live;
    },
    async close() {
      closed = true;
      clearTimeout(retry);
      clearInterval(ping);
      const last = client;
      client = undefined;
      live = false;
      generation++;
      if (last) await Promise.race([last.end().catch(() => undefined), new Promise((r) => setTimeout(r, 1_000).unref())]);
    },
  };
}
