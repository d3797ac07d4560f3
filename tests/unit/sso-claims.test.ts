// Single sign-on's rules on claims: who they name (or why not), and which role they map to.
import { describe, expect, it } from "vitest";
import { emailDomain, identityOfClaims, roleOfClaims, ssoRefusalMessage } from "@/domain/sso";

const anyDomain = { allowedDomains: [] };
const base = { sub: "sub-1", email: "Ada@Example.com", email_verified: true, name: " Ada Lovelace " };

describe("identityOfClaims", () => {
  it("takes sub, a lower-cased email and a trimmed name", () => {
    expect(identityOfClaims(base, anyDomain)).toEqual({ ok: true, identity: { subject: "sub-1", email: "ada@example.com", name: "Ada Lovelace", emailVerified: true } });
    expect(identityOfClaims({ sub: "s", email: "a@b.co" }, anyDomain)).toEqual({ ok: true, identity: { subject: "s", email: "a@b.co", name: null, emailVerified: false } });
  });

  it.each([
    ["no email", { sub: "s" }],
    ["an empty email", { sub: "s", email: "" }],
    ["an email that is not one", { sub: "s", email: "not-an-email" }],
    ["an email that is not a string", { sub: "s", email: ["a@b.co"] }],
    ["no sub", { email: "a@b.co" }],
    ["claims that are not an object", "a@b.co"],
    ["null", null],
  ])("refuses %s", (_what, claims) => {
    expect(identityOfClaims(claims, anyDomain)).toEqual({ ok: false, reason: "no_email" });
  });

  it("refuses an email the provider says is unverified (boolean or string), and accepts one it says nothing about", () => {
    expect(identityOfClaims({ ...base, email_verified: false }, anyDomain)).toEqual({ ok: false, reason: "unverified" });
    expect(identityOfClaims({ ...base, email_verified: "false" }, anyDomain)).toEqual({ ok: false, reason: "unverified" });
    const { email_verified: _omit, ...unstated } = base;
    expect(identityOfClaims(unstated, anyDomain)).toMatchObject({ ok: true, identity: { emailVerified: false } });
    expect(identityOfClaims({ ...base, email_verified: "true" }, anyDomain)).toMatchObject({ ok: true, identity: { emailVerified: true } });
    expect(identityOfClaims({ ...base, email_verified: 1 }, anyDomain)).toMatchObject({ ok: true, identity: { emailVerified: false } });
  });

  it("lets in only the allowed domains, exactly (no subdomains, no look-alikes)", () => {
    const policy = { allowedDomains: ["example.com", "acme.io"] };
    expect(identityOfClaims(base, policy).ok).toBe(true);
    expect(identityOfClaims({ ...base, email: "bob@ACME.io" }, policy).ok).toBe(true);
    for (const email of ["eve@evil.com", "eve@sub.example.com", "eve@example.com.evil.com", "eve@notexample.com"]) {
      expect(identityOfClaims({ ...base, email }, policy)).toEqual({ ok: false, reason: "domain" });
    }
    expect(emailDomain("a@b@Example.COM")).toBe("example.com");
  });
});

describe("roleOfClaims", () => {
  const policy = { roleClaim: "groups", adminValues: ["shipyard-admins"] };

  it("maps nothing without a role claim configured", () => {
    expect(roleOfClaims({ groups: ["shipyard-admins"] }, { roleClaim: null, adminValues: [] })).toBeNull();
  });

  it("makes holders of an admin value admins and everyone else members, the claim missing included", () => {
    expect(roleOfClaims({ groups: ["staff", "shipyard-admins"] }, policy)).toBe("admin");
    expect(roleOfClaims({ groups: "shipyard-admins" }, policy)).toBe("admin");
    expect(roleOfClaims({ groups: ["staff"] }, policy)).toBe("member");
    expect(roleOfClaims({ groups: "shipyard-admins-not" }, policy)).toBe("member");
    expect(roleOfClaims({}, policy)).toBe("member");
    expect(roleOfClaims({ groups: { "shipyard-admins": true } }, policy)).toBe("member");
    expect(roleOfClaims({ groups: [1, null, ["shipyard-admins"]] }, policy)).toBe("member");
  });

  it("reads a dotted path when no claim has that exact name (Keycloak's realm_access.roles)", () => {
    const keycloak = { roleClaim: "realm_access.roles", adminValues: ["admin"] };
    expect(roleOfClaims({ realm_access: { roles: ["offline_access", "admin"] } }, keycloak)).toBe("admin");
    expect(roleOfClaims({ realm_access: { roles: ["offline_access"] } }, keycloak)).toBe("member");
    expect(roleOfClaims({ "realm_access.roles": ["admin"] }, keycloak)).toBe("admin");
    expect(roleOfClaims({ realm_access: "admin" }, keycloak)).toBe("member");
  });
});

describe("ssoRefusalMessage", () => {
  it("has words for every refusal and none for other codes", () => {
    for (const reason of ["no_email", "unverified", "domain", "disabled", "linked_elsewhere"]) expect(ssoRefusalMessage(`sso_${reason}`)).toMatch(/\w/);
    expect(ssoRefusalMessage("sso_constructor")).toBeNull();
    expect(ssoRefusalMessage("sso_toString")).toBeNull();
    expect(ssoRefusalMessage("AccessDenied")).toBeNull();
  });
});
