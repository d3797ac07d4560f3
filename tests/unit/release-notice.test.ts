import { describe, expect, it } from "vitest";
import { NOTICE_NOTES_LIMIT, releaseNoticeMail } from "@/domain/release-notice";

const base = { appName: "Acme", version: "1.2.0", build: "12", channel: "beta", installUrl: "https://ship.example/acme/beta", groups: ["QA"] };

describe("release notice mail", () => {
  it("keeps Markdown notes as the text they are, without control characters", () => {
    const mail = releaseNoticeMail({ ...base, notes: "# Hi\r\n<b>x</b>\u0000\u001b[31m", personalUrl: null, settingsUrl: "https://ship.example/" });
    expect(mail.subject).toBe("Acme 1.2.0 (12) is out on beta");
    expect(mail.text).toContain("Install it:\nhttps://ship.example/acme/beta");
    expect(mail.text).toContain("# Hi\n<b>x</b>[31m");
    expect(mail.text).toContain('You get this as a tester of Acme ("QA").');
    expect(mail.text).toContain("Turn these emails off: https://ship.example/");
  });

  it("gives an outside address its personal link first, and cuts very long notes", () => {
    const mail = releaseNoticeMail({ ...base, notes: "x".repeat(NOTICE_NOTES_LIMIT + 5), personalUrl: "https://ship.example/s/shs_abc", settingsUrl: null });
    expect(mail.text.indexOf("https://ship.example/s/shs_abc")).toBeLessThan(mail.text.indexOf("https://ship.example/acme/beta"));
    expect(mail.text).toContain(`${"x".repeat(NOTICE_NOTES_LIMIT)}\n[…]`);
    expect(mail.text).not.toContain("x".repeat(NOTICE_NOTES_LIMIT + 1));
    expect(mail.text).toContain("remove you from the group");
  });
});
