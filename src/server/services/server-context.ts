// Everything a request handler, a job or a page may be handed: the parts of one server process,
// built by the composition root (src/server/composition.ts) and passed down from there.
import type { SessionClaim } from "@/domain/session";
import type { GrantCodec } from "../crypto/grants";
import type { Env } from "@/env";
import type { JanitorLog } from "./janitor-log";
import type { BlobStore, ProxyServable } from "../storage/types";
import type { Store } from "../store/types";
import type { ChangeSignal } from "./change-signal";
import type { createArtifactInspector } from "./inspection";
import type { InstallEventRecorder } from "./install-events";
import type { InstallSnapshotSource } from "./install-page";
import type { Links } from "./links";
import type { TesterDeps } from "./tester-groups";
import type { OutboxWorker } from "./outbox-worker";
import type { SystemHealthDeps } from "./system-health";
import type { UploadDeps } from "./uploads";

/** Hands a download to the bucket: a short-lived URL for the blob, answering with these headers. */
export interface DownloadRedirect {
  urlFor(sha256: string, headers: { contentDisposition?: string; contentType?: string }): Promise<string>;
}

export interface ServerContext {
  config: Env;
  clock: () => Date;
  /** The store; every committed audited change moves `events`. */
  store: Store;
  /** Whether the database answers (the health check). */
  database: { ping(): Promise<void> };
  blobs: BlobStore;
  /** DOWNLOAD_OFFLOAD: nginx's internal location and the store that names files in it; null when Node sends the bytes. */
  downloadOffload: { prefix: string; blobs: ProxyServable } | null;
  /** S3_DOWNLOAD_REDIRECT=public: where a download without a grant is sent instead (a presigned URL); null when Shipyard streams it. */
  downloadRedirect: DownloadRedirect | null;
  /** Inspection in worker threads, started when an upload completes and joined by a publish. */
  inspector: ReturnType<typeof createArtifactInspector>;
  /** Committed audited changes: the page cache and the update-check cache drop what they hold. */
  events: ChangeSignal;
  grants: GrantCodec;
  /** What a request's session cookie claims (decrypted with the server's secret), or null; no store read. */
  sessionClaim(headers: { get(name: string): string | null }): Promise<SessionClaim | null>;
  links: Links;
  /** What tester groups need: mail, PUBLIC_URL and the personal share link secrets. */
  testers: TesterDeps;
  /** Page views, downloads and install taps, written behind requests once a second. */
  installEvents: InstallEventRecorder;
  /** What install pages read, kept per URL until the next audited change. */
  installSnapshots: InstallSnapshotSource;
  janitorLog: JanitorLog;
  /**
   * Runs the janitor's rounds on one app server only: false when another server leads and this
   * round was skipped here. With one server (SQLite) every round runs.
   */
  runJanitorRound(fn: () => Promise<void>): Promise<boolean>;
  /** Sends queued webhook deliveries and mail; the Node server starts it, tests call drain(). */
  outbox: OutboxWorker;
  uploads: UploadDeps;
  systemHealth: SystemHealthDeps;
}
