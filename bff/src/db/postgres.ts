import { spawnSync } from 'node:child_process';
import { constants as fsConstants } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { exists, onPath, run } from './commands';

/**
 * PostgreSQL from the system's packages (Debian: `apt-get install postgresql`) as the storage of
 * the embedded FerretDB, for data sets too large for its SQLite backend: FerretDB's SQLite backend
 * reads a whole collection for every query not on `_id`, while its PostgreSQL backend sends
 * equality filters to PostgreSQL. A cluster of our own is made in the data folder and run on a
 * free loopback port; PostgreSQL refuses to run as root, so as root it runs as the `postgres`
 * user the package creates.
 */

export interface PostgresServer {
  /** The URL FerretDB connects with. */
  url: string;
  /** Runs SQL in the FerretDB database with psql; answers its output. */
  sql(script: string): Promise<string>;
  stop(): Promise<void>;
}

/** The folder with `initdb`, `pg_ctl`, `postgres` and `psql`, newest version first; undefined if none. */
export async function findPostgres(): Promise<string | undefined> {
  const root = '/usr/lib/postgresql';
  const versions = await fs.readdir(root).catch(() => [] as string[]);
  const candidates = versions
    .filter((v) => /^\d+$/.test(v))
    .sort((a, b) => Number(b) - Number(a))
    .map((v) => path.join(root, v, 'bin'));
  const initdb = onPath('initdb');
  if (initdb) candidates.push(path.dirname(initdb));
  for (const dir of candidates) if (await exists(path.join(dir, 'pg_ctl'), fsConstants.X_OK)) return dir;
  return undefined;
}

const asRoot = () => process.getuid?.() === 0;

/** Runs a PostgreSQL program, as the `postgres` user when we are root. */
function pg(bin: string, args: string[], okCodes?: number[]) {
  return asRoot() ? run('runuser', ['-u', 'postgres', '--', bin, ...args], { okCodes }) : run(bin, args, { okCodes });
}

/**
 * FerretDB makes a btree index for every index it is asked for, on `(_jsonb -> 'field')`, but
 * sends equality filters as `_jsonb -> 'field' @> value`, which a btree cannot serve. This adds a
 * GIN index on the first field of each of them (the `_id` ones included), which can; FerretDB
 * neither sees nor needs to know them. Idempotent; run after the indexes are made. ANALYZE then
 * gives the planner the tables' sizes, so it picks those indexes on a freshly loaded table.
 */
export const JSONB_GIN_INDEXES = `
DO $$
DECLARE r record;
BEGIN
  FOR r IN
    SELECT DISTINCT i.indrelid::regclass AS tbl, pg_get_indexdef(i.indexrelid, 1, true) AS expr
    FROM pg_index i
    JOIN pg_class ic ON ic.oid = i.indexrelid
    JOIN pg_am am ON am.oid = ic.relam
    JOIN pg_class t ON t.oid = i.indrelid
    JOIN pg_namespace ns ON ns.oid = t.relnamespace
    WHERE am.amname = 'btree'
      AND ns.nspname NOT IN ('pg_catalog', 'information_schema')
      AND pg_get_indexdef(i.indexrelid, 1, true) LIKE '(_jsonb -> %'
  LOOP
    EXECUTE format('CREATE INDEX IF NOT EXISTS %I ON %s USING gin ((%s))',
      'bianmin_gin_' || md5(r.tbl::text || r.expr), r.tbl, r.expr);
  END LOOP;
END $$;
ANALYZE;
`;

/**
 * Stops the cluster in `dataDir` if one still runs there (its `postmaster.pid` is there): for
 * whoever is about to delete the folder of a BFF that was stopped from outside and may not have
 * finished stopping it. Nothing to do when none runs.
 */
export async function stopPostgresIn(dataDir: string): Promise<void> {
  const cluster = path.join(dataDir, 'cluster');
  if (!(await exists(path.join(cluster, 'postmaster.pid')))) return;
  const binDir = await findPostgres();
  if (binDir) await pg(path.join(binDir, 'pg_ctl'), ['-D', cluster, '-m', 'fast', '-w', 'stop'], [0, 1, 3]);
}

/** Makes (once) and starts a PostgreSQL cluster in `dataDir` on `port`. */
export async function startPostgres(binDir: string, dataDir: string, port: number): Promise<PostgresServer> {
  const bin = (name: string) => path.join(binDir, name);
  const cluster = path.join(dataDir, 'cluster');
  const sockets = path.join(dataDir, 'sockets');
  await fs.mkdir(sockets, { recursive: true });
  if (asRoot()) {
    spawnSync('chown', ['-R', 'postgres:postgres', dataDir]);
    const reach = spawnSync('runuser', ['-u', 'postgres', '--', 'test', '-w', dataDir]);
    if (reach.status !== 0) {
      throw new Error(
        `PostgreSQL runs as the user postgres, who cannot write to ${dataDir} (check its parent folders).`,
      );
    }
  }
  if (!(await exists(path.join(cluster, 'PG_VERSION')))) {
    await pg(bin('initdb'), ['-D', cluster, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C']);
  }
  // a server left running by a process that died without stopping it
  const status = await pg(bin('pg_ctl'), ['-D', cluster, 'status'], [0, 3, 4]);
  if (status.code === 0) await pg(bin('pg_ctl'), ['-D', cluster, '-m', 'immediate', '-w', 'stop'], [0, 1]);
  await pg(bin('pg_ctl'), [
    '-D',
    cluster,
    '-l',
    path.join(dataDir, 'postgresql.log'),
    '-w',
    '-t',
    '60',
    '-o',
    `-c listen_addresses=127.0.0.1 -p ${port} -k ${sockets}`,
    'start',
  ]);
  const psql = (db: string, script: string) =>
    pg(bin('psql'), [
      '-h',
      '127.0.0.1',
      '-p',
      String(port),
      '-U',
      'postgres',
      '-d',
      db,
      '-v',
      'ON_ERROR_STOP=1',
      '-qAt',
      '-c',
      script,
    ]);
  const found = await psql('postgres', "SELECT 1 FROM pg_database WHERE datname = 'ferretdb'");
  if (found.stdout.trim() !== '1') await psql('postgres', 'CREATE DATABASE ferretdb');
  return {
    // custom plans: FerretDB's prepared statements then see the field names and can use the GIN indexes
    url: `postgres://postgres@127.0.0.1:${port}/ferretdb?sslmode=disable&plan_cache_mode=force_custom_plan`,
    sql: async (script) => (await psql('ferretdb', script)).stdout,
    async stop() {
      await pg(bin('pg_ctl'), ['-D', cluster, '-m', 'fast', '-w', 'stop'], [0, 1]);
    },
  };
}
