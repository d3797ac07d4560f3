import { createElement as h } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ActorName, actorInWords } from "@/components/admin/actor-name";
import { type ActorDescription, actorFrom } from "@/domain/actor";

const user: ActorDescription = { ref: "user:u1", kind: "user", label: "ana@example.com" };
const token: ActorDescription = { ref: "token:t1", kind: "token", label: "ci-publisher" };
const system: ActorDescription = { ref: "system", kind: "system", label: "Shipyard" };
// A token named before names refused hidden characters: "evil\u202Egpj.exe" displays as "evilexe.jpg".
const hostile: ActorDescription = { ref: "token:t2", kind: "token", label: "evil\u202Egpj.exe<b>" };

describe("actors on console pages", () => {
  it("names an actor with a badge for tokens and Shipyard, its reference on hover", () => {
    expect(renderToStaticMarkup(h(ActorName, { actor: user }))).not.toContain("rounded-full"); // no Badge
    const html = renderToStaticMarkup(h(ActorName, { actor: token }));
    expect(html).toContain('title="token:t1"');
    expect(html).toContain("ci-publisher");
    expect(html).toMatch(/>token</);
    expect(renderToStaticMarkup(h(ActorName, { actor: system }))).toMatch(/>automatic</);
  });

  it("shows hidden characters and escapes markup", () => {
    const html = renderToStaticMarkup(h(ActorName, { actor: hostile }));
    expect(html).not.toContain("\u202E");
    expect(html).toContain("evil\uFFFDgpj.exe&lt;b&gt;");
    expect(actorInWords(hostile)).toBe("token evil\uFFFDgpj.exe<b>");
  });

  it("puts an actor in a sentence", () => {
    expect(actorInWords(user)).toBe("ana@example.com");
    expect(actorInWords(token)).toBe("token ci-publisher");
    expect(actorInWords(system)).toBe("Shipyard");
  });

  it("describes a ref missing from a lookup as unknown, by its ref", () => {
    expect(actorFrom(new Map([["user:u1", user]]), "user:u1")).toBe(user);
    expect(actorFrom(new Map(), "token:gone")).toEqual({ ref: "token:gone", kind: "unknown", label: "token:gone" });
  });
});
