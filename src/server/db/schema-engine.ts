import { randomUUID } from "node:crypto";
import { mkdir, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import type { ErrorRegistry, SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory, SqlQuery } from "@prisma/driver-adapter-utils";
import type { SchemaEngine } from "@prisma/schema-engine-wasm/schema_engine_bg";
import { databaseKindOf } from "./database-kind";
import { withPostgresClient } from "./postgres-client";

export type { SchemaEngine };
export type MigrationLogger = (message: string) => void;

type Runtime = typeof import("@prisma/schema-engine-wasm/schema_engine_bg");

// The wasm module keeps its memory in module state, so it is compiled and started once per process.
// Loaded on first use only: the app's start-up script imports this module and must stay fast.
let runtimePromise: Promise<Runtime> | undefined;

function loadRuntime(): Promise<Runtime> {
  runtimePromise ??= (async () => {
    const runtime = await import("@prisma/schema-engine-wasm/schema_engine_bg");
    // The package exports no path to the .wasm file (nor package.json); it sits beside the JS glue.
    const require = createRequire(import.meta.url);
    const pkgDir = path.dirname(require.resolve("@prisma/schema-engine-wasm/schema_engine_bg"));
    const bytes = await readFile(path.join(pkgDir, "schema_engine_bg.wasm"));
    const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": runtime });
    const exports = instance.exports as WebAssembly.Exports & { __wbindgen_start: () => void };
    runtime.__wbg_set_wasm(exports);
    exports.__wbindgen_start();
    return runtime;
  })();
  runtimePromise.catch(() => (runtimePromise = undefined));
  return runtimePromise;
}

/** SQLite file path of a `file:` URL, or null for an in-memory database. */
export function sqliteFilePath(databaseUrl: string): string | null {
  const file = databaseUrl.replace(/^file:/, "");
  return file === ":memory:" || file === "" ? null : file;
}

// SQLite's and PostgreSQL's words for "a prepared statement holds one statement".
const isMultiStatementError = (error: unknown) => error instanceof Error && /more than one statement|cannot insert multiple commands/i.test(error.message);

// A prepared statement holds one statement only, but the engine replays whole migration scripts
// through executeRaw (on the shadow DB). Such scripts carry no parameters, so they can go through
// executeScript instead.
function withScriptFallback(conn: SqlDriverAdapter): SqlDriverAdapter {
  const executeRaw = async (query: SqlQuery) => {
    try {
      return await conn.executeRaw(query);
    } catch (error) {
      if (query.args.length > 0 || !isMultiStatementError(error)) throw error;
      await conn.executeScript(query.sql);
      return 0;
    }
  };
  // Methods are bound rather than inherited: the adapter class uses private fields.
  return {
    provider: conn.provider,
    adapterName: conn.adapterName,
    queryRaw: conn.queryRaw.bind(conn),
    executeRaw,
    executeScript: conn.executeScript.bind(conn),
    startTransaction: conn.startTransaction.bind(conn),
    ...(conn.getConnectionInfo && { getConnectionInfo: conn.getConnectionInfo.bind(conn) }),
    dispose: conn.dispose.bind(conn),
  };
}

export interface EngineHandle {
  engine: SchemaEngine;
  /** Frees the engine and closes every SQLite connection it opened, so the process can exit. */
  close(): Promise<void>;
  /** The driver's own error behind an engine error that names it only by id, else `error` itself. */
  explain(error: unknown): unknown;
}

// When the driver adapter throws (SQLite cannot open the file, the native addon does not load, ...)
// the engine only sees an id in the adapter's error registry and fails with "External error id#N".
// Prisma's CLI looks the id up the same way; without it the real cause is lost.
const EXTERNAL_ERROR = /^External error id#(\d+)/;

function explainExternal(registry: ErrorRegistry, error: unknown): unknown {
  const id = error instanceof Error ? EXTERNAL_ERROR.exec(error.message)?.[1] : undefined;
  const recorded = id === undefined ? undefined : registry.consumeError(Number(id))?.error;
  return recorded ?? error;
}

/** Connections for the engine: the database itself, and a throwaway shadow database to replay migrations on. */
interface EngineConnections {
  provider: SqlMigrationAwareDriverAdapterFactory["provider"];
  adapterName: string;
  connect(): Promise<SqlDriverAdapter>;
  connectToShadowDb(): Promise<SqlDriverAdapter>;
}

async function sqliteConnections(databaseUrl: string): Promise<EngineConnections> {
  const { PrismaBetterSqlite3 } = await import("@prisma/adapter-better-sqlite3");
  const file = sqliteFilePath(databaseUrl);
  if (file) await mkdir(path.dirname(path.resolve(file)), { recursive: true });
  // The shadow database is in memory.
  const base = new PrismaBetterSqlite3({ url: databaseUrl });
  return { provider: base.provider, adapterName: base.adapterName, connect: () => base.connect(), connectToShadowDb: () => base.connectToShadowDb() };
}

/**
 * The database must exist (a managed PostgreSQL hands out one database). The shadow database is
 * created beside it, named separately (see postgresPoolConfig), and dropped once its pool is closed:
 * a database with open connections cannot be dropped, and the adapter's own shadow factory drops
 * first and closes after.
 */
async function postgresConnections(databaseUrl: string): Promise<EngineConnections> {
  const [{ PrismaPg }, { createIntrospectionPool }] = await Promise.all([import("@prisma/adapter-pg"), import("./postgres-pool")]);
  const connect = (database?: string) => new PrismaPg(createIntrospectionPool(databaseUrl, database), { disposeExternalPool: true }).connect();
  const onServer = async (sql: string) => {
    await withPostgresClient(databaseUrl, (client) => client.query(sql));
  };
  return {
    provider: "postgres",
    adapterName: "@prisma/adapter-pg",
    connect: () => connect(),
    async connectToShadowDb() {
      const name = `shipyard_shadow_${randomUUID().replaceAll("-", "")}`;
      await onServer(`CREATE DATABASE "${name}"`);
      const shadow = await connect(name);
      const closePool = shadow.dispose.bind(shadow);
      shadow.dispose = async () => {
        await closePool();
        await onServer(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      };
      return shadow;
    },
  };
}

/**
 * Starts a schema engine on the database at `databaseUrl` (a SQLite file, created if missing, or
 * an existing PostgreSQL database) with the given Prisma schema.
 */
export async function openSchemaEngine(opts: { databaseUrl: string; schemaPath: string; schemaText: string; logger?: MigrationLogger }): Promise<EngineHandle> {
  const [runtime, { bindMigrationAwareSqlAdapterFactory }] = await Promise.all([loadRuntime(), import("@prisma/driver-adapter-utils")]);
  const base = databaseKindOf(opts.databaseUrl) === "postgresql" ? await postgresConnections(opts.databaseUrl) : await sqliteConnections(opts.databaseUrl);

  // The engine never disposes the connections it opens; keep them to close ourselves.
  const opened: SqlDriverAdapter[] = [];
  const track = async (connecting: Promise<SqlDriverAdapter>) => {
    const conn = await connecting;
    opened.push(conn);
    return withScriptFallback(conn);
  };
  const factory: SqlMigrationAwareDriverAdapterFactory = {
    provider: base.provider,
    adapterName: base.adapterName,
    connect: () => track(base.connect()),
    connectToShadowDb: () => track(base.connectToShadowDb()),
  };

  const log = opts.logger ?? (() => {});
  const closeConnections = () => Promise.allSettled(opened.splice(0).map((conn) => conn.dispose()));
  const bound = bindMigrationAwareSqlAdapterFactory(factory);
  const explain = (error: unknown) => explainExternal(bound.errorRegistry, error);
  let engine: SchemaEngine;
  try {
    engine = await runtime.SchemaEngine.new({ datamodels: [[opts.schemaPath, opts.schemaText]] }, (message: string) => log(message), bound);
  } catch (error) {
    await closeConnections();
    throw explain(error);
  }
  return {
    engine,
    explain,
    async close() {
      engine.free();
      await closeConnections();
    },
  };
}
