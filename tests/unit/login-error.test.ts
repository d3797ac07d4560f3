// The login page's words for ?error=…: a password refusal, an SSO refusal, or any other code
// next-auth sends (never the code itself, never a stack trace).
import { describe, expect, it } from "vitest";
import { loginErrorMessage } from "@/app/login/login-error";

describe("loginErrorMessage", () => {
  it("says nothing without an error", () => {
    expect(loginErrorMessage(undefined)).toBeNull();
    expect(loginErrorMessage("")).toBeNull();
    expect(loginErrorMessage(["invalid"])).toBeNull();
  });

  it("names a wrong password and each SSO refusal", () => {
    expect(loginErrorMessage("invalid")).toBe("Wrong email or password.");
    expect(loginErrorMessage("sso_domain")).toContain("email domain is not allowed");
    expect(loginErrorMessage("sso_unverified")).toContain("not verified");
    expect(loginErrorMessage("sso_disabled")).toContain("disabled");
  });

  it("answers next-auth's own codes and anything unknown with one generic sentence", () => {
    const generic = loginErrorMessage("Configuration");
    expect(generic).toContain("Single sign-on did not complete");
    for (const code of ["AccessDenied", "OAuthCallbackError", "<script>alert(1)</script>", "sso_nope"]) expect(loginErrorMessage(code)).toBe(generic);
  });
});
