import type { Store } from "@/server/store/types";

export interface StoreCounts {
  /** Repository calls, inside transactions or not. */
  calls: number;
  /** Transactions begun: one per repository call outside a transaction (the Prisma store runs each in its own), plus explicit ones. */
  transactions: number;
  /** Each repository call as `repo.method`, in order. */
  log: string[];
  /** The arguments of each call in `log`, at the same index. */
  args: unknown[][];
}

type Method = (...args: unknown[]) => Promise<unknown>;

/**
 * Wraps a store to count what one piece of code asks of it: a way to hold a read path to a
 * constant number of queries and transactions without timing anything.
 */
export function countingStore(store: Store): { store: Store; counts: StoreCounts; reset(): void } {
  const counts: StoreCounts = { calls: 0, transactions: 0, log: [], args: [] };
  const wrap = (inner: Store, inTransaction: boolean): Store => {
    const wrapped: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(inner)) {
      if (typeof value === "function") continue;
      wrapped[name] = Object.fromEntries(
        Object.entries(value as Record<string, Method>).map(([method, fn]) => [
          method,
          (...args: unknown[]) => {
            counts.calls++;
            counts.log.push(`${name}.${method}`);
            counts.args.push(args);
            if (!inTransaction) counts.transactions++;
            return fn(...args);
          },
        ]),
      );
    }
    const self = wrapped as unknown as Store;
    // Joining an open transaction begins none; the inner store passed to fn is counted as "inside".
    const open = <K extends "transaction" | "readTransaction">(kind: K) =>
      ((fn: (tx: Store) => Promise<unknown>) => {
        if (!inTransaction) counts.transactions++;
        return (inner[kind] as (f: (tx: Store) => Promise<unknown>) => Promise<unknown>)((tx) => fn(wrap(tx, true)));
      }) as Store[K];
    self.transaction = open("transaction");
    if ("readTransaction" in inner) self.readTransaction = open("readTransaction");
    return self;
  };
  return {
    store: wrap(store, false),
    counts,
    reset() {
      counts.calls = 0;
      counts.transactions = 0;
      counts.log = [];
      counts.args = [];
    },
  };
}
