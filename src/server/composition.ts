// The composition root: the one place that builds the server's parts from the configuration and
// hands them on. The Node server (byte paths, update checks, page cache), the janitor, tRPC's
// context, the REST route wrapper and the pages all take what they need from this context; nothing
// below it reads the environment or finds a dependency by itself.
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { authSecret, type Env, env } from "@/env";
import packageJson from "../../package.json";
import { sessionClaim } from "./auth/session-user";
import { createGrantCodec } from "./crypto/grants";
import { createTesterLinkSecrets } from "./crypto/tester-link";
import { listenForChanges } from "./db/change-channel";
import { openPrisma } from "./db/client";
import { exclusiveWork } from "./db/exclusive-work";
import { databaseKindOf } from "./db/database-kind";
import { readDatabaseFacts } from "./db/database-facts";
import { createInspectionPool } from "./inspect/pool";
import { createJanitorLog } from "./services/janitor-log";
import { createChangeSignal } from "./services/change-signal";
import { downloadOffloadFor } from "./http/download-offload";
import { createArtifactInspector } from "./services/inspection";
import { createInstallEventRecorder } from "./services/install-events";
import { createInstallSnapshots } from "./services/install-page-snapshots";
import { createLinks } from "./services/links";
import { smtpOutbox } from "./services/mail";
import { withOutboxes } from "./services/outbox-store";
import { createOutboxWorker } from "./services/outbox-worker";
import { webhookOutbox } from "./services/webhook-deliveries";
import type { DownloadRedirect, ServerContext } from "./services/server-context";
import { newLeaseOwner } from "./services/upload-lease";
import type { Store } from "./store/types";
import { createLocalBlobStore } from "./storage/local-disk";
import { readS3Config, createS3Client } from "./storage/s3/config";
import { createInProcessDigestLocks } from "./storage/s3/digest-locks";
import { createS3BlobStore } from "./storage/s3/s3-blob-store";
import type { BlobStore } from "./storage/types";
import { prismaBlobStagingState } from "./store/prisma/blob-staging-state";
import { createPostgresDigestLocks } from "./db/postgres-digest-locks";
import type { PrismaClient } from "@/generated/prisma/client";
import { signalAuditedChanges } from "./store/audited-changes";
import { createPrismaStore } from "./store/prisma";

export type { ServerContext };

/** What only the process can provide: the configuration, the secret, the database behind the store. */
export interface ServerFoundation {
  config: Env;
  /** The store as opened, before the change signal is wired in. */
  store: Store;
  database: ServerContext["database"];
  /** Signs download grants and sessions (AUTH_SECRET, or the one generated under the data dir). */
  secret: string;
  /** Audited changes committed by other app servers on the same database (PostgreSQL), when there can be any. */
  changesElsewhere?: (onChange: () => void) => void;
  /** This server's name on upload leases when several servers share the uploads (PostgreSQL); none with one server. */
  leaseOwner?: string;
  /** One server for the janitor (PostgreSQL); every round runs here without it. */
  runJanitorRound?: ServerContext["runJanitorRound"];
  /** Where the bytes are (openBlobStore); the disk under DATA_DIR without it. */
  blobs?: BlobStore;
  downloadRedirect?: DownloadRedirect | null;
}

const runHere: ServerContext["runJanitorRound"] = async (fn) => {
  await fn();
  return true;
};

/** Everything else, built on the foundation; tests assemble a server this way around their own store. */
export function assembleServer(foundation: ServerFoundation): ServerContext {
  const { config } = foundation;
  const events = createChangeSignal();
  foundation.changesElsewhere?.(events.changed);
  // Deliveries and mail queued by a commit wake the worker at once; retries wait for its timer.
  const testers = { publicUrl: config.publicUrl, mail: config, linkSecret: createTesterLinkSecrets(foundation.secret) };
  const outboxes = withOutboxes(foundation.store, { publicUrl: config.publicUrl, onQueued: () => outbox.kick(), notices: testers });
  const store = signalAuditedChanges(outboxes, events.changed);
  const clock = () => new Date();
  const smtpUrl = config.smtpUrl;
  const outbox = createOutboxWorker([webhookOutbox({ store, clock, timeoutMs: 10_000 }), ...(smtpUrl ? [smtpOutbox(store, { smtpUrl, mailFrom: config.mailFrom })] : [])], {
    clock,
    retryFirstDelayMs: config.outboxRetryFirstDelayMs,
  });
  const blobs = foundation.blobs ?? createLocalBlobStore(config.dataDir);
  const inspector = createArtifactInspector({ store, blobs, runner: createInspectionPool({ concurrency: 1, timeoutMs: 120_000 }) });
  const grants = createGrantCodec(foundation.secret);
  const janitorLog = createJanitorLog();
  return {
    config,
    clock: () => new Date(),
    store,
    database: foundation.database,
    blobs,
    downloadOffload: downloadOffloadFor(config.downloadOffload, blobs),
    downloadRedirect: foundation.downloadRedirect ?? null,
    inspector,
    events,
    grants,
    sessionClaim: (headers) => sessionClaim(headers, { secret: foundation.secret, secureCookie: config.publicUrl.startsWith("https:") }),
    links: createLinks({ publicUrl: config.publicUrl, grants }),
    testers,
    installEvents: createInstallEventRecorder(store),
    installSnapshots: createInstallSnapshots({ store, generation: events.generation }),
    janitorLog,
    runJanitorRound: foundation.runJanitorRound ?? runHere,
    outbox,
    uploads: {
      store,
      blobs,
      maxUploadBytes: config.maxUploadBytes,
      sessionTtlMs: config.uploadSessionTtlMs,
      onComplete: (session) => inspector.prefetch(session),
      ...(foundation.leaseOwner !== undefined && { leaseOwner: foundation.leaseOwner }),
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

/**
 * The blob store the configuration names: an S3 bucket when S3_BUCKET is set, its uploads' state
 * in the database and its digests locked across servers on PostgreSQL; else the disk under DATA_DIR.
 */
export async function openBlobStore(config: Env, prisma: PrismaClient): Promise<{ blobs: BlobStore; downloadRedirect: DownloadRedirect | null }> {
  const s3 = readS3Config(config.s3Variables);
  if (!s3) return { blobs: createLocalBlobStore(config.dataDir), downloadRedirect: null };
  if (config.downloadOffload) throw new Error("Invalid environment:\n  DOWNLOAD_OFFLOAD needs the disk blob store; with S3_BUCKET, leave it unset");
  const kind = databaseKindOf(config.databaseUrl);
  // withLocalFile's downloads, private like the rest of the data dir (inspection reads ranges instead).
  const tempDir = path.join(config.dataDir, "tmp");
  await mkdir(tempDir, { recursive: true, mode: 0o700 });
  const blobs = createS3BlobStore({
    client: createS3Client(s3),
    connection: { endpoint: s3.endpoint, region: s3.region, credentials: s3.credentials, forcePathStyle: s3.forcePathStyle },
    bucket: s3.bucket,
    prefix: s3.prefix,
    staging: prismaBlobStagingState(prisma, kind),
    locks: kind === "postgresql" ? await createPostgresDigestLocks(config.databaseUrl) : createInProcessDigestLocks(),
    tempDir,
  });
  const downloadRedirect: DownloadRedirect | null =
    s3.downloadRedirect === "public" ? { urlFor: (sha256, headers) => blobs.presignedGetUrl(sha256, { expiresInSeconds: PRESIGNED_DOWNLOAD_SECONDS, ...headers }) } : null;
  return { blobs, downloadRedirect };
}

/** Long enough to start a download on a slow phone, short enough that a shared URL soon stops working. */
const PRESIGNED_DOWNLOAD_SECONDS = 300;

export async function composeServer(config: Env = env()): Promise<ServerContext> {
  const prisma = await openPrisma(config.databaseUrl);
  const kind = databaseKindOf(config.databaseUrl);
  const elsewhere: (() => void)[] = [];
  const janitorLeader = exclusiveWork(config.databaseUrl, "shipyard:janitor");
  if (kind === "postgresql") {
    await listenForChanges(config.databaseUrl, () => {
      for (const onChange of elsewhere) onChange();
    });
  }
  return assembleServer({
    config,
    changesElsewhere: (onChange) => elsewhere.push(onChange),
    runJanitorRound: (fn) => janitorLeader.run(fn),
    ...(kind === "postgresql" && { leaseOwner: newLeaseOwner() }),
    ...(await openBlobStore(config, prisma)),
    store: createPrismaStore(prisma, kind),
    database: {
      async ping() {
        await prisma.$queryRaw`SELECT 1`;
      },
    },
    secret: authSecret(),
  });
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
