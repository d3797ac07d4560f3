import { postgresPoolConfig } from "./database-kind";

// Several app servers on one PostgreSQL database keep caches of rendered pages and update
// decisions, each dropped when an audited change commits. A commit on one server reaches the
// others as a NOTIFY on this channel, sent inside the transaction that wrote the audit event:
// PostgreSQL delivers it on commit only, and never for a rollback.
export const CHANGE_CHANNEL = "shipyard_changes";

const RECONNECT_MS = 1_000;

export interface ChangeListener {
  close(): Promise<void>;
}

/**
 * LISTENs on a dedicated connection and calls onChange for every notification. While the
 * connection is down, notifications are lost, so a reconnect counts as a change too (caches drop
 * everything rather than keep what may have changed meanwhile).
 */
export async function listenForChanges(databaseUrl: string, onChange: () => void, log: (message: string) => void = console.warn): Promise<ChangeListener> {
  const { default: pg } = await import("pg");
  let closed = false;
  let client: InstanceType<typeof pg.Client> | null = null;
  let retry: NodeJS.Timeout | undefined;

  const connect = async (): Promise<void> => {
    const next = new pg.Client(postgresPoolConfig(databaseUrl));
    next.on("notification", (message) => {
      if (message.channel === CHANGE_CHANNEL) onChange();
    });
    next.on("error", (error) => {
      log(`Change notifications interrupted (${error.message}); reconnecting`);
      reconnectSoon(next);
    });
    next.on("end", () => reconnectSoon(next));
    try {
      await next.connect();
      await next.query(`LISTEN ${CHANGE_CHANNEL}`);
    } catch (error) {
      await next.end().catch(() => {});
      throw error;
    }
    client = next;
  };

  const reconnectSoon = (dead: InstanceType<typeof pg.Client>) => {
    if (closed || client !== dead) return;
    client = null;
    dead.end().catch(() => {});
    const attempt = () => {
      retry = undefined;
      if (closed) return;
      connect().then(onChange, (error: Error) => {
        log(`Change notifications: cannot reconnect (${error.message})`);
        retry = setTimeout(attempt, RECONNECT_MS);
        retry.unref();
      });
    };
    retry = setTimeout(attempt, RECONNECT_MS);
    retry.unref();
  };

  await connect();
  return {
    async close() {
      closed = true;
      clearTimeout(retry);
      await client?.end().catch(() => {});
      client = null;
    },
  };
}
