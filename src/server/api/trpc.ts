import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { z } from "zod";
import type { Actor } from "@/domain/actor";
import type { AppAccess } from "@/domain/roles";
import { type FieldIssue, isDomainError } from "@/domain/errors";
import { appsWhere, requireAppAccess } from "../services/access";
import type { ServerContext } from "../services/server-context";
import type { PublicUser } from "../services/users";
import type { ReadStore } from "../store/read-only";
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

/** Any signed-in user; narrows ctx.user to non-null and provides the audit actor. */
export const signedInProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user) throw new TRPCError({ code: "UNAUTHORIZED", message: "sign in first" });
  const actor: Actor = { kind: "user", id: ctx.user.id };
  return next({ ctx: { ...ctx, user: ctx.user, actor } });
});

/** Admins only: users, settings, creating and deleting apps. */
export const adminProcedure = signedInProcedure.use(({ ctx, next }) => {
  if (ctx.user.role !== "admin") throw new TRPCError({ code: "FORBIDDEN", message: "admin role required" });
  return next();
});

/**
 * The apps a call touches, read from its raw input (this runs before the input is parsed): null
 * when what it names does not exist, [] when it names no app (an unrestricted token: admins only).
 */
export type AppLocator = (store: ReadStore, input: Record<string, unknown>) => Promise<string[] | null>;

const text = (value: unknown): string | null => (typeof value === "string" && value !== "" ? value : null);

/** The app named by `appId` in the input, as most procedures do. */
export const byAppId: AppLocator = async (_store, input) => {
  const id = text(input.appId);
  return id === null ? null : [id];
};

/**
 * A procedure on one app (or a few), for users holding at least `need` there. Admins pass without
 * a lookup; a member's role is read per call. The one place the console's roles are enforced: every
 * procedure on an app's data is built with it (the role matrix test checks each one).
 */
export function appProcedure(need: AppAccess, locate: AppLocator = byAppId) {
  return signedInProcedure.use(async ({ ctx, next, getRawInput }) => {
    if (ctx.user.role === "admin") return next();
    const raw = await getRawInput();
    const appIds = raw !== null && typeof raw === "object" ? await locate(ctx.store, raw as Record<string, unknown>) : null;
    if (appIds === null) throw new TRPCError({ code: "NOT_FOUND", message: "not found" });
    if (appIds.length === 0) throw new TRPCError({ code: "FORBIDDEN", message: "admin role required" });
    for (const appId of new Set(appIds)) await requireAppAccess(ctx.store, ctx.user, appId, need);
    return next();
  });
}

/**
 * A list across apps, for users holding at least `need` on some app: ctx.appIds is "all" for an
 * admin, else the apps to narrow the list to.
 */
export function acrossAppsProcedure(need: AppAccess) {
  return signedInProcedure.use(async ({ ctx, next }) => {
    const appIds = await appsWhere(ctx.store, ctx.user, need);
    if (appIds !== "all" && appIds.length === 0) throw new TRPCError({ code: "FORBIDDEN", message: `this needs the ${need} role on some app` });
    return next({ ctx: { ...ctx, appIds } });
  });
}

/** `only` for a list service: undefined (every app) for an admin, else the member's app ids. */
export function onlyApps(appIds: "all" | string[]): string[] | undefined {
  return appIds === "all" ? undefined : appIds;
}
