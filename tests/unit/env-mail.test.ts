// Mail settings from the environment: off without SMTP_URL, only smtp(s) URLs, and a From that
// defaults to an address at PUBLIC_URL's host.
import { describe, expect, it } from "vitest";
import { env } from "@/env";
import { mailEnabled } from "@/server/services/mail";
import { envVariables } from "../helpers/env-variables";

const NAMES = ["SMTP_URL", "MAIL_FROM", "PUBLIC_URL"] as const;
const withEnv = envVariables(NAMES, env);

describe("mail settings", () => {
  it("mail is off without SMTP_URL (and with an empty one)", () => {
    expect(withEnv({})().smtpUrl).toBeNull();
    expect(mailEnabled(withEnv({ SMTP_URL: "" })())).toBe(false);
  });

  it("takes smtp:// and smtps:// URLs, with a From at PUBLIC_URL's host unless MAIL_FROM says otherwise", () => {
    const config = withEnv({ SMTP_URL: "smtp://u:p@mail.example.com:587", PUBLIC_URL: "https://apps.example.com" })();
    expect(config).toMatchObject({ smtpUrl: "smtp://u:p@mail.example.com:587", mailFrom: "Shipyard <shipyard@apps.example.com>" });
    expect(mailEnabled(config)).toBe(true);
    expect(withEnv({ SMTP_URL: "smtps://mail.example.com", MAIL_FROM: "Apps <apps@example.com>" })().mailFrom).toBe("Apps <apps@example.com>");
  });

  it.each(["http://mail.example.com", "mail.example.com:25", "file:///etc/passwd"])("refuses SMTP_URL=%s, naming the variable", (value) => {
    expect(withEnv({ SMTP_URL: value })).toThrow(/SMTP_URL/);
  });
});
