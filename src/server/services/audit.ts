import { type Actor, actorRef } from "@/domain/actor";
import { type AuditEvent, type AuditFilter, type AuditTargetType, auditFilterSchema } from "@/domain/audit";
import { DomainError } from "@/domain/errors";
import { type Page, type PageInput, pageInputSchema } from "@/domain/pagination";
import { parseOrThrow } from "@/domain/validate";
import type { Store } from "../store/types";

/** What an event is about; `appId` names the app it concerns when the target is not the app itself. */
export interface AuditTarget {
  type: AuditTargetType;
  id: string;
  appId?: string | null;
}

/** The app an event belongs to, so the log can be filtered by app (an app's own events name it as target). */
function appOf(target: AuditTarget, metadata: Record<string, unknown>): string | null {
  if (target.appId !== undefined) return target.appId;
  if (target.type === "app") return target.id;
  return typeof metadata.appId === "string" ? metadata.appId : null;
}

/** Appends an audit event; call it with the transaction store so it commits with the change. */
export function recordAudit(store: Store, actor: Actor, action: string, target: AuditTarget, metadata: Record<string, unknown> = {}): Promise<AuditEvent> {
  return store.audit.append({
    actor: actorRef(actor),
    action,
    targetType: target.type,
    targetId: target.id,
    appId: appOf(target, metadata),
    metadata,
  });
}

export function listAuditEvents(store: Store, filter: AuditFilter, page: PageInput): Promise<Page<AuditEvent>> {
  return store.audit.list(parseOrThrow(auditFilterSchema, filter, "audit filter"), parseOrThrow(pageInputSchema, page, "page"));
}

export async function getAuditEventOrThrow(store: Store, id: string): Promise<AuditEvent> {
  const event = await store.audit.getById(id);
  if (!event) throw DomainError.notFound("audit event", id);
  return event;
}
