import { z } from "zod";
import { actorRefSchema } from "./actor";

export const AUDIT_TARGET_TYPES = ["app", "release", "artifact", "channel", "token", "user", "blob", "upload", "share_link", "webhook", "invitation", "tester_group"] as const;
export type AuditTargetType = (typeof AUDIT_TARGET_TYPES)[number];

export interface AuditEvent {
  id: string;
  /** "user:<id>", "token:<id>" or "system". */
  actor: string;
  /** dotted verb, e.g. "app.create", "channel.promote". */
  action: string;
  targetType: AuditTargetType;
  targetId: string;
  /** The app the event concerns, when it concerns one (kept after the app is deleted). */
  appId: string | null;
  metadata: Record<string, unknown>;
  createdAt: Date;
}

export type NewAuditEvent = Omit<AuditEvent, "id" | "createdAt">;

export const auditFilterSchema = z.object({
  actor: actorRefSchema.optional(),
  action: z.string().min(1).max(64).optional(),
  targetType: z.enum(AUDIT_TARGET_TYPES).optional(),
  targetId: z.string().min(1).max(100).optional(),
  appId: z.string().min(1).max(100).optional(),
  from: z.date().optional(),
  to: z.date().optional(),
});
export type AuditFilter = z.infer<typeof auditFilterSchema>;
