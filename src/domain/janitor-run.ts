// The shape of one janitor run as the health page shows it (recorded by src/server/janitor-log.ts).

export type JanitorTaskName = "expire-upload-sessions" | "sweep-staging" | "apply-retention" | "collect-blobs" | "forget-ended-sessions" | "prune-outboxes";

export interface JanitorTaskRecord {
  task: JanitorTaskName;
  /** What the task counted (expired, swept, deleted, scanned, removed, removedBytes …). */
  counts: Record<string, number>;
  /** The failure in words; the run stops at a failed task (the next tick tries again). */
  error: string | null;
}

export interface JanitorRunRecord {
  startedAt: Date;
  /** Null while the run is still going. */
  finishedAt: Date | null;
  /** Hourly runs also apply retention and collect blobs. */
  hourly: boolean;
  tasks: JanitorTaskRecord[];
}
