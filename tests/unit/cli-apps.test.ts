// `shipyard apps` before any request: flag parsing, the --yes guard on delete, help and exit codes.
import { describe, expect, it } from "vitest";
import { bundleIdsForCreate, parseBundleIdFlags } from "@/cli/bundle-id-flags";
import { EXIT } from "@/cli/exit-codes";
import { main } from "@/cli/main";
import type { Output } from "@/cli/output";

async function run(argv: string[]) {
  const lines: string[] = [];
  const out: Output = { result: (l) => lines.push(l), json: (v) => lines.push(JSON.stringify(v)), info: (l) => lines.push(l), progress: () => {} };
  // No server at all: nothing here may get as far as a request (port 9 is discard; it would fail as NETWORK).
  const code = await main([...argv, "--url", "http://127.0.0.1:9", "--token", "shp_unused"], out);
  return { code, text: lines.join("\n") };
}

describe("shipyard apps", () => {
  it("refuses to delete without --yes, saying what would go", async () => {
    const { code, text } = await run(["apps", "delete", "my-app"]);
    expect(code).toBe(EXIT.USAGE);
    expect(text).toContain('deleting app "my-app" removes its channels, releases');
    expect(text).toContain("--yes");
  });

  it.each([
    [["apps", "create", "my-app"], "--name <display name> is required"],
    [["apps", "create", "--name", "My App"], "shipyard apps create needs the app's slug"],
    [["apps", "create", "my-app", "other", "--name", "X"], "unexpected argument: other"],
    [["apps", "create", "my-app", "--name", "X", "--bundle-id", "com.example.app"], "--bundle-id must be <platform>=<id>"],
    [["apps", "create", "my-app", "--name", "X", "--bundle-id", "ios="], "--bundle-id ios= needs an id"],
    [["apps", "update", "my-app"], "nothing to update"],
    [["apps", "update", "my-app", "--colour", "red"], "Unknown option '--colour'"],
    [["apps", "rename", "my-app"], "unknown command: apps rename"],
    [["apps"], "shipyard apps needs a command"],
  ])("%j is a usage error", async (argv, message) => {
    const { code, text } = await run(argv);
    expect(code, text).toBe(EXIT.USAGE);
    expect(text).toContain(message);
  });

  it("prints its help with exit 0, and the main help lists it", async () => {
    const help = await run(["apps", "--help"]);
    expect(help.code).toBe(EXIT.OK);
    expect(help.text).toContain("shipyard apps delete <slug> --yes");
    const main = await run(["--help"]);
    expect(main.text).toContain("shipyard apps create <slug> --name <display name>");
  });
});

describe("--bundle-id flags", () => {
  it("maps platforms to ids, keeping any = in the id, and marks removals", () => {
    expect(parseBundleIdFlags(["ios=com.example.app", "android_apk = com.example.app ", "macos=", "linux=a=b"])).toEqual({
      ios: "com.example.app",
      android_apk: "com.example.app",
      macos: null,
      linux: "a=b",
    });
  });

  it("keeps __proto__ an ordinary key for the server to refuse", () => {
    const ids = bundleIdsForCreate(["__proto__=com.x"]);
    expect(Object.getPrototypeOf(ids)).toBe(Object.prototype);
    expect(JSON.stringify(ids)).toBe('{"__proto__":"com.x"}');
  });

  it("refuses a platform named twice", () => {
    expect(() => parseBundleIdFlags(["ios=a.b", "ios=c.d"])).toThrow("names ios twice");
  });
});
