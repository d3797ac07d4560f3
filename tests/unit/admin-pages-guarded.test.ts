// Every console page checks the user's role itself before reading: the admin layout's check does
// not guard a page (Next renders them in parallel, and a client navigation renders the page
// alone), so a page that forgets would hand its data to any signed-in member. This keeps new
// pages from forgetting; tests/e2e/admin-member-refused.test.ts shows what a member gets.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const CONSOLE = path.resolve(import.meta.dirname, "../../src/app/(admin)/admin");

function pages(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return pages(full);
    return entry.name === "page.tsx" ? [full] : [];
  });
}

describe("console pages", () => {
  it("are found", () => {
    expect(pages(CONSOLE).length).toBeGreaterThanOrEqual(10);
  });

  it.each(pages(CONSOLE).map((file) => [path.relative(CONSOLE, file), file]))("%s checks the user's role before it reads", (_name, file) => {
    const source = readFileSync(file, "utf8");
    // Admin pages call requireAdmin, pages across apps requireConsoleUser, one app's pages read
    // their app through appForSlug / appAndAccess / appRequiring, which check the role on it first.
    expect(/await requireAdmin\(\)|await requireConsoleUser\(\)|appForSlug\(|appAndAccess\(|appRequiring\(/.test(source)).toBe(true);
  });

  it("the app loader and the layout check too", () => {
    const loader = readFileSync(path.join(CONSOLE, "apps/[slug]/app-for-slug.ts"), "utf8");
    expect(loader).toMatch(/const access = await consoleAccessTo\(app\.id\);\n\s+if \(access === null\) notFound\(\);/);
    expect(readFileSync(path.join(CONSOLE, "layout.tsx"), "utf8")).toContain("await requireConsoleUser()");
  });
});
