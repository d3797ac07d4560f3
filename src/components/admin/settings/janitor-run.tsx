import { formatBytes } from "@/domain/format";
import { formatUtc } from "@/domain/relative-time";
import type { JanitorRunRecord, JanitorTaskName, JanitorTaskRecord } from "@/domain/janitor-run";
import { Badge } from "@/components/ui";

const TASK_LABELS: Record<JanitorTaskName, string> = {
  "expire-upload-sessions": "Expire unfinished uploads",
  "sweep-staging": "Remove abandoned upload files",
  "apply-retention": "Apply channel retention",
  "collect-blobs": "Remove files no release uses",
  "forget-ended-sessions": "Forget signed-out sessions that have expired",
  "prune-outboxes": "Remove sent emails and webhook deliveries older than 30 days",
};

/** One line of what a task did, in words rather than counter names. */
function taskOutcome(task: JanitorTaskRecord): string {
  if (task.error) return `Failed: ${task.error}`;
  const n = (key: string) => task.counts[key] ?? 0;
  switch (task.task) {
    case "expire-upload-sessions":
      return `${n("expired")} expired`;
    case "sweep-staging":
      return `${n("swept")} removed`;
    case "apply-retention":
      return `${n("deleted")} releases deleted`;
    case "collect-blobs":
      return `${n("removed")} of ${n("scanned")} files removed (${formatBytes(n("removedBytes"))} freed)`;
    case "forget-ended-sessions":
      return `${n("forgotten")} forgotten`;
    case "prune-outboxes":
      return `${n("mail")} emails and ${n("deliveries")} webhook deliveries removed`;
  }
}

/** The janitor's last run: when, how long, and each task's result. */
export function JanitorRun({ run }: { run: JanitorRunRecord | null }) {
  if (!run) {
    return (
      <p className="text-sm text-slate-700 dark:text-slate-300" data-testid="health-janitor">
        The janitor has not run since this server started. It runs at start, then every 10 minutes.
      </p>
    );
  }
  const failed = run.tasks.some((t) => t.error);
  const seconds = run.finishedAt ? Math.max(0, (run.finishedAt.getTime() - run.startedAt.getTime()) / 1000) : null;
  return (
    <div className="flex flex-col gap-2 text-sm" data-testid="health-janitor">
      <p className="flex flex-wrap items-center gap-2">
        <span>
          Last run started <time dateTime={run.startedAt.toISOString()}>{formatUtc(run.startedAt, "second")}</time>
          {seconds === null ? ", still running" : `, took ${seconds.toFixed(1)} s`}
          {run.hourly ? " (hourly run, with retention and file cleanup)" : ""}.
        </span>
        {failed ? <Badge tone="danger">failed</Badge> : seconds === null ? <Badge tone="info">running</Badge> : <Badge tone="success">ok</Badge>}
      </p>
      <ul className="flex flex-col gap-1">
        {run.tasks.map((task) => (
          <li key={task.task} className="flex flex-wrap gap-x-2" data-testid={`janitor-task-${task.task}`}>
            <span className="font-medium">{TASK_LABELS[task.task]}:</span>
            <span className={task.error ? "text-red-700 dark:text-red-300" : undefined}>{taskOutcome(task)}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
