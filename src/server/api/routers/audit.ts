import { z } from "zod";
import { auditFilterSchema } from "@/domain/audit";
import { pageInputSchema } from "@/domain/pagination";
import { getAuditEventOrThrow, listAuditEvents } from "../../services/audit";
import { byAuditEventId, byAuditFilterApp } from "../app-locators";
import { appProcedure, createTRPCRouter } from "../trpc";

export const auditRouter = createTRPCRouter({
  // A member reads the log of one app they view at a time (its appId in the filter); the whole log is an admin's.
  list: appProcedure("viewer", byAuditFilterApp)
    .input(z.object({ filter: auditFilterSchema.default({}), page: pageInputSchema.default({ limit: 50 }) }))
    .query(({ ctx, input }) => listAuditEvents(ctx.store, input.filter, input.page)),
  get: appProcedure("viewer", byAuditEventId)
    .input(z.object({ id: z.string().min(1) }))
    .query(({ ctx, input }) => getAuditEventOrThrow(ctx.store, input.id)),
});
