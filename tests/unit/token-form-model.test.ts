import { describe, expect, it } from "vitest";
import { appChoices, lifetimeChoices, lifetimeFromChoice, matchingPreset, presetSelection, presetsFor, SCOPE_PRESETS, tokenFormErrors } from "@/components/admin/tokens/token-form-model";
import { DomainError } from "@/domain/errors";
import { createTokenInputSchema, TOKEN_SCOPES } from "@/domain/token";
import { parseOrThrow } from "@/domain/validate";

const OFFERED = [...TOKEN_SCOPES];
const preset = (id: string) => {
  const found = SCOPE_PRESETS.find((p) => p.id === id);
  if (!found) throw new Error(`no preset ${id}`);
  return found;
};

/** What the browser gets from tRPC when its input check fails: zod's issues as a JSON array. */
function inputError(input: unknown): Error {
  const result = createTokenInputSchema.safeParse(input);
  if (result.success) throw new Error("expected the input to be refused");
  return new Error(JSON.stringify(result.error.issues, null, 2));
}

describe("scope presets", () => {
  it("tick exactly the CI scopes, and only scopes the server offers", () => {
    expect(presetSelection(preset("ci-publish"), OFFERED)).toEqual(["releases:upload", "releases:publish"]);
    expect(presetSelection(preset("ci-promote"), ["releases:upload", "releases:publish"])).toEqual(["releases:upload", "releases:publish"]);
    for (const p of SCOPE_PRESETS) for (const scope of p.scopes) expect(OFFERED).toContain(scope);
  });

  it("recognise the preset a selection matches, in any order", () => {
    expect(matchingPreset(["releases:publish", "releases:upload"], OFFERED)?.id).toBe("ci-publish");
    expect(matchingPreset(["releases:publish"], OFFERED)).toBeNull();
    expect(matchingPreset([], OFFERED)).toBeNull();
  });
});

describe("what a maintainer is offered", () => {
  // tokens.options offers a maintainer every scope but "admin".
  const MAINTAINER_OFFER = OFFERED.filter((scope) => scope !== "admin");
  const apps = [
    { slug: "mine", displayName: "Mine" },
    { slug: "also-mine", displayName: "Also mine" },
  ];

  it("has no admin preset for a maintainer, every preset for an admin", () => {
    expect(presetsFor(MAINTAINER_OFFER).map((p) => p.id)).toEqual(["ci-publish", "ci-promote", "read-only"]);
    expect(presetsFor(OFFERED)).toEqual(SCOPE_PRESETS);
  });

  it("never shows a preset as pressed when no box is ticked", () => {
    // The admin preset ticks nothing a maintainer is offered: it matched their empty selection.
    expect(matchingPreset([], MAINTAINER_OFFER)).toBeNull();
    expect(matchingPreset(["admin"], OFFERED)?.id).toBe("admin");
  });

  it("offers a maintainer only their apps, the first one chosen, and an admin every app first", () => {
    expect(appChoices(apps, false)).toEqual([
      { value: "mine", label: "Mine (mine)" },
      { value: "also-mine", label: "Also mine (also-mine)" },
    ]);
    expect(appChoices(apps, true)[0]).toEqual({ value: "", label: "All apps" });
    expect(appChoices(apps, true)).toHaveLength(3);
    expect(appChoices([], true)).toEqual([{ value: "", label: "All apps" }]);
    expect(appChoices([], false)).toEqual([]);
  });
});

describe("lifetime choices", () => {
  it("offer 30, 90 and 365 days and never, marking the default", () => {
    expect(lifetimeChoices(90, 365)).toEqual([
      { value: "30", label: "30 days" },
      { value: "90", label: "90 days (default)" },
      { value: "365", label: "1 year" },
      { value: "never", label: "Never expires" },
    ]);
  });

  it("stay within the server's maximum and include an unusual default", () => {
    expect(lifetimeChoices(60, 90).map((c) => c.value)).toEqual(["30", "60", "90", "never"]);
    expect(lifetimeChoices(7, 14).map((c) => c.value)).toEqual(["7", "never"]);
  });

  it("turn back into what the create procedure takes", () => {
    expect(lifetimeFromChoice("90")).toBe(90);
    expect(lifetimeFromChoice("never")).toBe("never");
  });
});

describe("server errors next to their fields", () => {
  it("puts input check failures under the field they name, first problem first", () => {
    const errors = tokenFormErrors(inputError({ name: `${"x".repeat(2000)}\u0007`, scopes: [] }));
    expect(errors.name).toMatch(/at most 64 characters|control characters/);
    expect(errors.scopes).toBe("a token needs at least one scope");
    expect(errors.form).toBeUndefined();
    expect(tokenFormErrors(inputError({ name: "ci", scopes: ["releases:read"], expiresInDays: 0 })).expiry).toBe("expiry must be at least one day");
  });

  it("reads a domain error's issues from data.domain", () => {
    let thrown: unknown;
    try {
      parseOrThrow(createTokenInputSchema, { name: " ", scopes: ["admin"] }, "token");
    } catch (error) {
      thrown = error;
    }
    const domain = thrown as DomainError;
    const client = Object.assign(new Error(domain.message), { data: { domain: { code: domain.code, ...domain.details } } });
    expect(tokenFormErrors(client)).toEqual({ name: "token name must not be empty" });
  });

  it("places errors that name no field by what they are about", () => {
    expect(tokenFormErrors(DomainError.notFound("app", "gone"))).toEqual({ app: "That app no longer exists. Reload the page and pick another." });
    expect(tokenFormErrors(DomainError.notFound("channel", "beta")).channel).toMatch(/That channel no longer exists/);
    expect(tokenFormErrors(new DomainError("INVALID", "Invalid token: expiry must be at most 365 days"))).toEqual({ expiry: "expiry must be at most 365 days" });
    expect(tokenFormErrors(new Error("admin role required"))).toEqual({ form: "admin role required" });
  });
});
