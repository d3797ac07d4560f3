// GET/POST /api/trpc/{procedure} — the admin console's API (next-auth session, admin procedures)
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { env } from "@/env";
import { appRouter } from "@/server/api/root";
import { currentUser } from "@/server/entry/current-user";
import { serverContext } from "@/server/composition";
import { jsonError } from "@/server/http/errors";
import { crossSiteRefusal } from "@/server/http/same-origin";

const handler = (req: Request) =>
  fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: async () => {
      const server = await serverContext();
      return { store: server.store, user: await currentUser(), server };
    },
    onError({ error, path }) {
      if (error.code === "INTERNAL_SERVER_ERROR") console.error(`tRPC ${path ?? "?"}:`, error.cause ?? error);
    },
  });

/** Mutations (tRPC sends them, and only them, as POST) ride on the session cookie: same origin only. */
async function POST(req: Request): Promise<Response> {
  const refusal = crossSiteRefusal(req.headers, env().publicUrl);
  if (refusal) return jsonError(403, "FORBIDDEN", refusal);
  return handler(req);
}

export { handler as GET, POST };
