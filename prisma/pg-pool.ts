import pg from 'pg';

/** PostgreSQL's `"char"` and `name` types, which the schema engine's catalog queries return. */
const CATALOG_TEXT_OIDS = new Set([18, 19]);
const TEXT_OID = 25;

type Field = { dataTypeID: number };
type Result = { fields?: Field[] };

function nameAsText<T>(result: T): T {
  for (const r of Array.isArray(result) ? result : [result]) {
    for (const f of (r as Result | undefined)?.fields ?? []) if (CATALOG_TEXT_OIDS.has(f.dataTypeID)) f.dataTypeID = TEXT_OID;
  }
  return result;
}

/** pg's own error when a query outlives `query_timeout` on the client's side. */
const READ_TIMEOUT = 'Query read timeout';

type Release = (err?: Error | boolean) => void;

/**
 * Two things pg and Prisma's adapter leave to us:
 *
 * - @prisma/adapter-pg does not know PostgreSQL's `name` and `"char"` column types, which the
 *   catalog queries of Prisma's JavaScript schema engine return (prisma/orm#27403). This client
 *   reports such columns as text, which is what they hold.
 * - A query that outlives `query_timeout` (the API's deadline, issue 18) fails on our side while the
 *   server may still run it: a server frozen for a while runs it when it wakes, inside the
 *   transaction it belongs to. pg keeps the connection as it is, and Prisma, whose ROLLBACK then
 *   times out as well, never hands the connection back: it stayed checked out for good, idle in a
 *   transaction that held the youth's advisory lock, so every later melding for that youth timed
 *   out on the lock (found by `npm run chaos`: a melding answered 503 for five minutes after
 *   PostgreSQL had come back). Such a connection is given back to the pool at once, as broken: the
 *   pool closes it, the server ends the session and its transaction when it wakes (releasing its
 *   locks), and the pool's slot is free again. A later release of it (Prisma's) does nothing.
 */
class PgClient extends pg.Client {
  #poolRelease: Release | undefined;
  #broken: Error | undefined;

  // pg-pool gives each checkout its own release function by assignment.
  set release(fn: Release | undefined) {
    this.#poolRelease = fn;
  }
  get release(): Release {
    return (err) => {
      const release = this.#poolRelease;
      this.#poolRelease = undefined;
      release?.(err || this.#broken);
    };
  }

  #failed(err: unknown): void {
    if (this.#broken || !(err instanceof Error) || err.message !== READ_TIMEOUT) return;
    this.#broken = err;
    if (this.#poolRelease) this.release(err);
    else void this.end().catch(() => undefined);
  }

  // pg's query has many overloads; this wrapper keeps all of them and only touches results and errors.
  override query(...args: unknown[]): any {
    const last = args[args.length - 1];
    if (typeof last === 'function') {
      args[args.length - 1] = (err: unknown, res: unknown) => {
        if (err) this.#failed(err);
        return (last as Function)(err, err ? res : nameAsText(res));
      };
      return (super.query as Function).apply(this, args);
    }
    const out = (super.query as Function).apply(this, args);
    return out && typeof out.then === 'function'
      ? out.then(nameAsText, (err: unknown) => {
          this.#failed(err);
          throw err;
        })
      : out;
  }
}

/**
 * `connectTimeoutMs`: how long opening one connection to the server may take. pg's own
 * connectionTimeoutMillis also bounds the wait for a free pooled connection, which under load is
 * no outage; the API keeps the two apart (issue 18: a server that does not answer gives 503 fast).
 */
export function createPgPool(connectionString: string, options: pg.PoolConfig & { connectTimeoutMs?: number } = {}): pg.Pool {
  const { connectTimeoutMs, ...poolOptions } = options;
  const Client = connectTimeoutMs
    ? class extends PgClient {
        constructor(config?: pg.ClientConfig) {
          super({ ...config, connectionTimeoutMillis: connectTimeoutMs });
        }
      }
    : PgClient;
  return new pg.Pool({ connectionString, max: 10, ...poolOptions, Client });
}
