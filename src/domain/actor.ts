import { z } from "zod";

/** Who did something: a signed-in user, an API token, or Shipyard itself (boot, retention). */
export type Actor = { kind: "user"; id: string } | { kind: "token"; id: string } | { kind: "system"; id: "system" };

export const SYSTEM_ACTOR: Actor = { kind: "system", id: "system" };

/** Stable string form stored in audit rows and `created_by` columns: "user:<id>", "token:<id>", "system". */
export function actorRef(actor: Actor): string {
  return actor.kind === "system" ? "system" : `${actor.kind}:${actor.id}`;
}

export function parseActorRef(ref: string): Actor {
  if (ref === "system") return SYSTEM_ACTOR;
  const [kind, ...rest] = ref.split(":");
  const id = rest.join(":");
  if ((kind === "user" || kind === "token") && id) return { kind, id };
  throw new Error(`not an actor reference: ${ref}`);
}

/** An actor reference ("user:<id>", "token:<id>", "system") as a person reads it. */
export interface ActorDescription {
  ref: string;
  /** "unknown": a user or token that no longer exists, or a reference that is not one. */
  kind: "user" | "token" | "system" | "unknown";
  /** The user's email, the token's name, "Shipyard" for the system, or what is left of a deleted one. */
  label: string;
}

/** An actor of a map of descriptions (services/actors.ts answers every ref it is given): this only satisfies the Map's type. */
export function actorFrom(actors: ReadonlyMap<string, ActorDescription>, ref: string): ActorDescription {
  return actors.get(ref) ?? { ref, kind: "unknown", label: ref };
}

export const actorRefSchema = z.string().regex(/^(system|user:.+|token:.+)$/, "actor must be system, user:<id> or token:<id>");
