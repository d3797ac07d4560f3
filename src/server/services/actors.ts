import { type ActorDescription, parseActorRef } from "@/domain/actor";
import type { Store } from "../store/types";

/**
 * Names the actors of a list (history, audit log) with two bulk reads, however many rows refer to
 * them. Every ref asked for gets an entry, so callers never have to handle a missing one.
 */
export async function describeActors(store: Store, refs: Iterable<string>): Promise<Map<string, ActorDescription>> {
  const unique = [...new Set(refs)];
  const parsed = unique.map((ref) => ({ ref, actor: tryParse(ref) }));
  const idsOf = (kind: "user" | "token") => parsed.flatMap(({ actor }) => (actor?.kind === kind ? [actor.id] : []));
  const [users, tokens] = await Promise.all([store.users.getByIds(idsOf("user")), store.tokens.getByIds(idsOf("token"))]);
  const emails = new Map(users.map((u) => [u.id, u.email]));
  // A deleted user is named by the audit event of their deletion, which kept their email.
  for (const id of idsOf("user").filter((id) => !emails.has(id))) {
    const deletion = await store.audit.list({ action: "user.delete", targetType: "user", targetId: id }, { limit: 1 });
    const email = deletion.items[0]?.metadata.email;
    if (typeof email === "string") emails.set(id, `${email} (deleted)`);
  }
  const tokenNames = new Map(tokens.map((t) => [t.id, t.name]));

  return new Map(
    parsed.map(({ ref, actor }): [string, ActorDescription] => {
      if (!actor) return [ref, { ref, kind: "unknown", label: ref }];
      if (actor.kind === "system") return [ref, { ref, kind: "system", label: "Shipyard" }];
      const name = (actor.kind === "user" ? emails : tokenNames).get(actor.id);
      if (name === undefined) return [ref, { ref, kind: "unknown", label: `deleted ${actor.kind} ${actor.id}` }];
      return [ref, { ref, kind: actor.kind, label: name }];
    }),
  );
}

function tryParse(ref: string) {
  try {
    return parseActorRef(ref);
  } catch {
    return null;
  }
}
