import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { z } from "zod";
import type { Actor } from "@/domain/actor";
import { type FieldIssue, isDomainError } from "@/domain/errors";
import type { ServerContext } from "../services/server-context";
import type { PublicUser } from "../services/users";
import type { Store } from "../store/types";
import { toTRPCError } from "./errors";

export interface Context {
  store: Store;
  user: PublicUser | null;
  /** The server's parts, from the composition root (the tRPC route builds the context). */
  server: ServerContext;
}

const t = initTRPC.context<Context>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    // Field-level issues of a domain validation error, for forms to show next to inputs.
    const cause = error.cause;
    if (isDomainError(cause)) return { ...shape, data: { ...shape.data, domain: { code: cause.code, ...cause.details } } };
    // A procedure's .input() schema is a domain schema too: its issues reach forms the same way.
    if (cause instanceof z.ZodError) return { ...shape, data: { ...shape.data, domain: { code: "INVALID" as const, issues: fieldIssues(cause) } } };
    // Anything else unexpected: its text (a driver's SQL and columns, paths, the stack) is for the
    // server log (the route's onError), never the browser; REST answers the same (http/errors.ts).
    if (error.code === "INTERNAL_SERVER_ERROR") {
      const { stack: _stack, ...data } = shape.data;
      return { ...shape, message: "internal server error", data };
    }
    return shape;
  },
});

function fieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join("."), message: issue.message }));
}

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Domain errors thrown by services become tRPC errors with the mapped code, in one place. */
const domainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && isDomainError(result.error.cause)) throw toTRPCError(result.error.cause);
  return result;
});

export const publicProcedure = t.procedure.use(domainErrors);

/** Signed-in admins only; narrows ctx.user to non-null and provides the audit actor. */
export const adminProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user) throw new TRPCError({ code: "UNAUTHORIZED", message: "sign in first" });
  if (ctx.user.role !== "admin") throw new TRPCError({ code: "FORBIDDEN", message: "admin role required" });
  const actor: Actor = { kind: "user", id: ctx.user.id };
  return next({ ctx: { ...ctx, user: ctx.user, actor } });
});
