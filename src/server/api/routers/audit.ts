import { z } from "zod";
import { auditFilterSchema } from "@/domain/audit";
import { pageInputSchema } from "@/domain/pagination";
import { getAuditEventOrThrow, listAuditEvents } from "../../services/audit";
import { adminProcedure, createTRPCRouter } from "../trpc";

export const auditRouter = createTRPCRouter({
  list: adminProcedure
    .input(z.object({ filter: auditFilterSchema.default({}), page: pageInputSchema.default({ limit: 50 }) }))
    .query(({ ctx, input }) => listAuditEvents(ctx.store, input.filter, input.page)),
  get: adminProcedure.input(z.object({ id: z.string().min(1) })).query(({ ctx, input }) => getAuditEventOrThrow(ctx.store, input.id)),
});
