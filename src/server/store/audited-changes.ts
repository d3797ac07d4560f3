import type { AuditRepository, Store } from "./types";

/**
 * The store, calling `onChange` after every committed write that was audited (every change an
 * admin, a token or CI makes is). Caches of rendered data use it to drop what a change made stale;
 * it fires after the commit so that no reader can render the old data after the signal.
 */
export function signalAuditedChanges(store: Store, onChange: () => void): Store {
  const watch = (audit: AuditRepository, audited: () => void): AuditRepository => ({
    append: async (event) => {
      const appended = await audit.append(event);
      audited();
      return appended;
    },
    getById: (id) => audit.getById(id),
    list: (filter, page) => audit.list(filter, page),
  });
  return {
    ...store,
    audit: watch(store.audit, onChange),
    transaction: async (fn) => {
      let audited = false;
      const result = await store.transaction((tx) => {
        // Nested transaction() calls join this one and must see the watched audit too.
        const watched: Store = { ...tx, audit: watch(tx.audit, () => (audited = true)), transaction: (inner) => inner(watched) };
        return fn(watched);
      });
      if (audited) onChange();
      return result;
    },
  };
}
