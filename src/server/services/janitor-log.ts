// What the janitor did last, kept in memory for the admin's health page. Per process and lost on
// restart on purpose: the janitor runs at every start, so there is always a fresh run to show, and
// what it deleted is in the audit log for good. The composition root keeps the process's one log.
import type { JanitorRunRecord, JanitorTaskName, JanitorTaskRecord } from "@/domain/janitor-run";

export type { JanitorRunRecord, JanitorTaskName, JanitorTaskRecord };

export interface JanitorLog {
  /** The latest run, finished or not; null before the first. */
  lastRun(): JanitorRunRecord | null;
  begin(opts: { hourly: boolean; startedAt: Date }): JanitorRunRecorder;
}

export interface JanitorRunRecorder {
  /** Runs one task, recording its counts, or its error (then rethrown). */
  task<T>(task: JanitorTaskName, run: () => Promise<T>, counts: (result: T) => Record<string, number>): Promise<T>;
  finish(at?: Date): void;
}

export function createJanitorLog(): JanitorLog {
  let last: JanitorRunRecord | null = null;
  return {
    lastRun: () => (last ? { ...last, tasks: last.tasks.map((t) => ({ ...t, counts: { ...t.counts } })) } : null),
    begin({ hourly, startedAt }) {
      const run: JanitorRunRecord = { startedAt, finishedAt: null, hourly, tasks: [] };
      last = run;
      return {
        async task(task, work, counts) {
          try {
            const result = await work();
            run.tasks.push({ task, counts: counts(result), error: null });
            return result;
          } catch (error) {
            run.tasks.push({ task, counts: {}, error: describeFailure(error) });
            run.finishedAt = new Date();
            throw error;
          }
        },
        finish(at = new Date()) {
          run.finishedAt = at;
        },
      };
    },
  };
}

/** The message of an error, unless it may quote SQL or columns (anything from the database driver). */
function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return "failed";
  const fromDatabase = /prisma|sqlite|SQL/i.test(error.name) || /prisma|sqlite|SQL/i.test(error.message);
  return fromDatabase ? "failed on a database error (the server log has the details)" : error.message;
}
