// tRPC's context for tests: the caller's store and user, and a server assembled around that store
// by the composition root's own assembly (real blob store under the configured data dir, real
// grant codec, links, inspector), as the route builds it for a request.
import type { Context } from "@/server/api/trpc";
import { assembleServer } from "@/server/composition";
import type { PublicUser } from "@/server/services/users";
import type { Store } from "@/server/store/types";
import { env } from "@/env";

export function trpcContext(store: Store, user: PublicUser | null): Context {
  const server = assembleServer({ config: env(), store, database: { ping: async () => {} }, secret: "test-secret-for-grants-and-nothing-else" });
  return { store: server.store, user, server };
}
