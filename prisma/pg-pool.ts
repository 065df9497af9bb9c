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

/**
 * @prisma/adapter-pg does not know PostgreSQL's `name` and `"char"` column types, which the catalog
 * queries of Prisma's JavaScript schema engine return (prisma/orm#27403). This client reports such
 * columns as text, which is what they hold.
 */
class NameAsTextClient extends pg.Client {
  // pg's query has many overloads; this wrapper keeps all of them and only touches results.
  override query(...args: unknown[]): any {
    const last = args[args.length - 1];
    if (typeof last === 'function') {
      args[args.length - 1] = (err: unknown, res: unknown) => (last as Function)(err, err ? res : nameAsText(res));
      return (super.query as Function).apply(this, args);
    }
    const out = (super.query as Function).apply(this, args);
    return out && typeof out.then === 'function' ? out.then(nameAsText) : out;
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
    ? class extends NameAsTextClient {
        constructor(config?: pg.ClientConfig) {
          super({ ...config, connectionTimeoutMillis: connectTimeoutMs });
        }
      }
    : NameAsTextClient;
  return new pg.Pool({ connectionString, max: 10, ...poolOptions, Client });
}
