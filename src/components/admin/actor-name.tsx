import { Badge } from "@/components/ui";
import { visibleText } from "@/domain/visible-text";
import type { ActorDescription } from "@/domain/actor";

// Who did something, the same on every console page (audit log, channel history, token list):
// the user's email, the token's name or Shipyard itself, with any hidden character shown (names
// stored before such characters were refused still display as what they hold).

/** The actor's name with a badge saying when it is a token or Shipyard; its reference on hover. */
export function ActorName({ actor }: { actor: ActorDescription }) {
  return (
    <span className="inline-flex flex-wrap items-center gap-1.5" title={actor.ref}>
      <span className="break-all">{visibleText(actor.label)}</span>
      {actor.kind === "token" ? <Badge tone="info">token</Badge> : actor.kind === "system" ? <Badge>automatic</Badge> : null}
    </span>
  );
}

/** The actor in a sentence: "ana@example.com", "token ci-publisher", "Shipyard". */
export function actorInWords(actor: ActorDescription): string {
  return visibleText(actor.kind === "token" ? `token ${actor.label}` : actor.label);
}
