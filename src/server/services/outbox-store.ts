// The store with its outboxes wired in: an audited event of an action a webhook can subscribe to
// queues the app's deliveries in the same transaction (the audit append is the one place every
// change passes), and once a transaction that queued anything (deliveries or mail) commits,
// `onQueued` wakes the worker. A promotion also queues its release notices to the channel's tester
// groups (release-notices.ts), given `notices`. Built by the composition root, like audited-changes.ts.
import type { Store } from "../store/types";
import { queueReleaseNotices } from "./release-notices";
import type { TesterDeps } from "./tester-groups";
import { queueWebhookDeliveries } from "./webhook-deliveries";

export function withOutboxes(store: Store, deps: { publicUrl: string; onQueued: () => void; notices?: TesterDeps }): Store {
  const watch = (tx: Store, queued: () => void): Store => {
    const watched: Store = {
      ...tx,
      audit: {
        ...tx.audit,
        append: async (event) => {
          const appended = await tx.audit.append(event);
          if ((await queueWebhookDeliveries(tx, appended, deps)) > 0) queued();
          if (deps.notices && (await queueReleaseNotices(tx, appended, deps.notices)) > 0) queued();
          return appended;
        },
      },
      mail: {
        ...tx.mail,
        enqueue: async (message, now) => {
          const row = await tx.mail.enqueue(message, now);
          queued();
          return row;
        },
      },
      // Nested transaction() calls join this one and must queue through it too.
      transaction: (inner) => inner(watched),
    };
    return watched;
  };
  const transaction: Store["transaction"] = async (fn) => {
    let queued = false;
    const result = await store.transaction((tx) => fn(watch(tx, () => (queued = true))));
    if (queued) deps.onQueued();
    return result;
  };
  return {
    ...store,
    // Outside a transaction an append still queues atomically with its event: it gets one.
    audit: { ...store.audit, append: (event) => transaction((tx) => tx.audit.append(event)) },
    mail: { ...store.mail, enqueue: (message, now) => transaction((tx) => tx.mail.enqueue(message, now)) },
    transaction,
  };
}
