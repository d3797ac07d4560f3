// Single sign-on settings from the environment: off by default, all three core settings or none,
// a role claim only with its admin values, lists split on commas.
import { describe, expect, it } from "vitest";
import { env } from "@/env";
import { envVariables } from "../helpers/env-variables";

const NAMES = ["OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET", "OIDC_NAME", "OIDC_ALLOWED_DOMAINS", "OIDC_ROLE_CLAIM", "OIDC_ADMIN_VALUES"] as const;
const core = { OIDC_ISSUER: "https://sso.example.com/realms/acme", OIDC_CLIENT_ID: "shipyard", OIDC_CLIENT_SECRET: "s3cret" };
const withEnv = envVariables(NAMES, env);

describe("single sign-on settings", () => {
  it("are off by default and with empty values", () => {
    expect(withEnv({})().oidc).toBeNull();
    expect(withEnv({ OIDC_ISSUER: "", OIDC_CLIENT_ID: "", OIDC_CLIENT_SECRET: "" })().oidc).toBeNull();
  });

  it("take the core three with defaults for the rest", () => {
    expect(withEnv(core)().oidc).toEqual({ issuer: core.OIDC_ISSUER, clientId: "shipyard", clientSecret: "s3cret", name: "SSO", allowedDomains: [], roleClaim: null, adminValues: [] });
  });

  it("split domains and admin values on commas, lower-case domains and drop a leading @", () => {
    const oidc = withEnv({ ...core, OIDC_NAME: "Acme SSO", OIDC_ALLOWED_DOMAINS: " Example.com, @acme.io ,,", OIDC_ROLE_CLAIM: "groups", OIDC_ADMIN_VALUES: "shipyard-admins, Ops" })().oidc;
    expect(oidc).toMatchObject({ name: "Acme SSO", allowedDomains: ["example.com", "acme.io"], roleClaim: "groups", adminValues: ["shipyard-admins", "Ops"] });
  });

  it.each([
    [{ OIDC_ISSUER: core.OIDC_ISSUER }, /OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET/],
    [{ OIDC_CLIENT_ID: "x", OIDC_CLIENT_SECRET: "y" }, /OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET/],
    [{ OIDC_ALLOWED_DOMAINS: "example.com" }, /OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET/],
    [{ ...core, OIDC_ROLE_CLAIM: "groups" }, /OIDC_ROLE_CLAIM and OIDC_ADMIN_VALUES/],
    [{ ...core, OIDC_ADMIN_VALUES: "admins" }, /OIDC_ROLE_CLAIM and OIDC_ADMIN_VALUES/],
    [{ ...core, OIDC_ISSUER: "sso.example.com" }, /OIDC_ISSUER/],
    [{ ...core, OIDC_ISSUER: "ftp://sso.example.com" }, /OIDC_ISSUER/],
  ])("refuses a half or wrong configuration at boot: %j", (values, message) => {
    expect(withEnv(values)).toThrow(message);
  });
});
