// Hostile upload filenames through the real API: a name testers see on install pages and in
// Content-Disposition must not hide its real extension behind bidi controls, carry control or
// invisible characters, climb directories or run on without end. Each answer names the problem.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@/domain/actor";
import { createApp } from "@/server/services/apps";
import { seedToken, withServerStore } from "../helpers/seed";
import { type RunningServer, startServer } from "../helpers/server";

let server: RunningServer;
let token = "";

beforeAll(async () => {
  server = await startServer();
  await withServerStore(server.dataDir, async (store) => {
    await createApp(store, SYSTEM_ACTOR, { slug: "names", displayName: "Names" });
    token = (await seedToken(store, { name: "ci", scopes: ["releases:upload"], app: "names" })).raw;
  });
});

afterAll(async () => server?.stop());

async function openUpload(filename: string): Promise<{ status: number; message: string }> {
  const res = await fetch(`${server.url}/api/v1/apps/names/uploads`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ app: "names", filename, size: 10, sha256: "a".repeat(64) }),
  });
  const body = (await res.json()) as { error?: { message?: string } };
  return { status: res.status, message: body.error?.message ?? "" };
}

const BIDI = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\u200e", "\u200f", "\u061c"];
const hex = (c: string) => `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;

describe("upload filenames", () => {
  it.each(BIDI.map((c) => [hex(c), c]))("refuses the bidi control %s, naming it", async (code, c) => {
    // "setup‮kpa.exe" shows as "setupexe.apk" with U+202E: the classic extension spoof.
    const answer = await openUpload(`setup${c}kpa.apk`);
    expect(answer.status).toBe(400);
    expect(answer.message).toContain("filename");
    expect(answer.message).toContain("bidirectional");
    expect(answer.message).toContain(code);
  });

  it.each([
    ["NUL", "a\u0000.apk", "control characters (found U+0000)"],
    ["newline", "a\n.apk", "control characters (found U+000A)"],
    ["carriage return", "a\r\nX-Evil: 1.apk", "control characters (found U+000D)"],
    ["DEL", "a\u007f.apk", "control characters (found U+007F)"],
    ["C1 next line", "a\u0085.apk", "control characters (found U+0085)"],
    ["zero-width space", "app\u200b.apk", "invisible formatting characters (found U+200B)"],
    ["byte order mark", "\ufeffapp.apk", "invisible formatting characters (found U+FEFF)"],
    ["line separator", "a\u2028b.apk", "line or paragraph separators (found U+2028)"],
    ["lone surrogate", "a\ud800.apk", "valid Unicode (found a lone surrogate U+D800)"],
    ["parent directory", "../app.apk", "/ or \\"],
    ["nested traversal", "a/../../etc/passwd.apk", "/ or \\"],
    ["backslash traversal", "..\\..\\app.apk", "/ or \\"],
    ["dot-dot", "..", ". or .."],
    ["empty", "", "must not be empty"],
    ["very long", `${"a".repeat(300)}.apk`, "at most 255 characters"],
  ])("refuses a %s, saying why", async (_what, filename, reason) => {
    const answer = await openUpload(filename);
    expect(answer.status).toBe(400);
    expect(answer.message).toContain("filename");
    expect(answer.message).toContain(reason);
  });

  it("accepts names in any script, with spaces, emoji and joiners", async () => {
    for (const filename of ["My App 1.2 (beta).apk", "приложение-1.0.apk", "تطبيق.apk", "क्\u200dष.apk", "می\u200cخواهم.apk", "\u{1F468}\u200d\u{1F469}\u200d\u{1F467} family.apk"]) {
      expect((await openUpload(filename)).status, filename).toBe(201);
    }
  });
});
