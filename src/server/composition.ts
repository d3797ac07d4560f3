// The composition root: the one place that builds the server's parts from the configuration and
// hands them on. The Node server (byte paths, update checks, page cache), the janitor, tRPC's
// context, the REST route wrapper and the pages all take what they need from this context; nothing
// below it reads the environment or finds a dependency by itself.
import { authSecret, type Env, env } from "@/env";
import type { PrismaClient } from "@/generated/prisma/client";
import packageJson from "../../package.json";
import { createGrantCodec, type GrantCodec } from "./crypto/grants";
import { openPrisma } from "./db/client";
import { readDatabaseFacts } from "./db/database-facts";
import { createInspectionPool } from "./inspect/pool";
import { createJanitorLog, type JanitorLog } from "./janitor-log";
import { type ChangeSignal, createChangeSignal } from "./services/change-signal";
import { createArtifactInspector } from "./services/inspection";
import { createInstallEventRecorder, type InstallEventRecorder } from "./services/install-events";
import { createLinks, type Links } from "./services/links";
import type { SystemHealthDeps } from "./services/system-health";
import type { UploadDeps } from "./services/uploads";
import { createLocalBlobStore } from "./storage/local-disk";
import type { BlobStore } from "./storage/types";
import { signalAuditedChanges } from "./store/audited-changes";
import { createPrismaStore } from "./store/prisma";
import type { Store } from "./store/types";

export interface ServerContext {
  config: Env;
  clock: () => Date;
  /** The store; every committed audited change moves `events`. */
  store: Store;
  /** The database client under the store, for what only it can tell (a ping, the file's facts). */
  prisma: PrismaClient;
  blobs: BlobStore;
  /** Inspection in worker threads, started when an upload completes and joined by a publish. */
  inspector: ReturnType<typeof createArtifactInspector>;
  /** Committed audited changes: the page cache and the update-check cache drop what they hold. */
  events: ChangeSignal;
  grants: GrantCodec;
  links: Links;
  /** Page views, downloads and install taps, written behind requests once a second. */
  installEvents: InstallEventRecorder;
  janitorLog: JanitorLog;
  uploads: UploadDeps;
  systemHealth: SystemHealthDeps;
}

export async function composeServer(config: Env = env()): Promise<ServerContext> {
  const events = createChangeSignal();
  const prisma = await openPrisma(config.databaseUrl);
  const store = signalAuditedChanges(createPrismaStore(prisma), events.changed);
  const blobs = createLocalBlobStore(config.dataDir);
  const inspector = createArtifactInspector({ store, blobs, runner: createInspectionPool({ concurrency: 1, timeoutMs: 120_000 }) });
  const grants = createGrantCodec(authSecret());
  const janitorLog = createJanitorLog();
  return {
    config,
    clock: () => new Date(),
    store,
    prisma,
    blobs,
    inspector,
    events,
    grants,
    links: createLinks({ publicUrl: config.publicUrl, grants }),
    installEvents: createInstallEventRecorder(store),
    janitorLog,
    uploads: {
      store,
      blobs,
      maxUploadBytes: config.maxUploadBytes,
      sessionTtlMs: config.uploadSessionTtlMs,
      onComplete: (session) => inspector.prefetch(session),
    },
    systemHealth: {
      publicUrl: config.publicUrl,
      blobs,
      readDatabase: () => readDatabaseFacts(config.databaseUrl),
      janitor: janitorLog,
      version: packageJson.version,
      nodeVersion: process.versions.node,
    },
  };
}

// Next bundles its own copies of the server's modules beside the Node server's, so the one
// context of this process is kept where both find it.
const shared = globalThis as unknown as { shipyardContext?: Promise<ServerContext> };

/**
 * The context of this process, built on first use. Only the framework's entry points call this
 * (the Node server, the tRPC and REST wrappers, pages); everything they call is handed its parts.
 */
export function serverContext(): Promise<ServerContext> {
  shared.shipyardContext ??= composeServer();
  return shared.shipyardContext;
}
