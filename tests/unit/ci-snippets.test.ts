import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { type CiSnippet, type CiSnippetInput, ciJobFor, ciSnippets, PLACEHOLDER_APP, PLACEHOLDER_FILE, shellQuote, SHIPYARD_CLI_PACKAGE } from "@/domain/ci-snippets";

// js-yaml comes with electron-updater (a dev dependency) and has no types: a plain require keeps tsc out of it.
const yaml = createRequire(import.meta.url)("js-yaml") as { load(text: string): unknown };

const CI: CiSnippetInput = { publicUrl: "https://apps.example.com/", app: "chan", channel: "beta", scopes: ["releases:upload", "releases:publish"] };

const byId = (snippets: CiSnippet[], id: CiSnippet["id"]) => {
  const snippet = snippets.find((s) => s.id === id);
  if (!snippet) throw new Error(`no ${id} snippet`);
  return snippet.code;
};

/** Runs a command line through sh with the CLI swapped for printf, so the shell's own word splitting and expansions say what the CLI would receive. */
function argvOf(command: string, env: Record<string, string>): string[] {
  const cli = `npx --yes --package=${SHIPYARD_CLI_PACKAGE} shipyard`;
  expect(command.startsWith(cli)).toBe(true);
  const out = execFileSync("sh", ["-c", `printf '%s\\n' ${command.slice(cli.length)}`], { env: { ...process.env, ...env }, encoding: "utf8" });
  return out.trimEnd().split("\n");
}

interface GithubStep {
  name: string;
  env: Record<string, string>;
  run: string;
}

interface GitlabJob {
  image: string;
  variables: Record<string, string>;
  script: string[];
  rules?: unknown[];
}

describe("CI snippets for a new token", () => {
  it("pins the token's app and channel in every snippet, with the server's URL", () => {
    const snippets = ciSnippets(CI);
    expect(snippets.map((s) => s.id)).toEqual(["github", "gitlab", "curl"]);
    for (const { code } of snippets) {
      expect(code).toContain("https://apps.example.com");
      expect(code).not.toContain("https://apps.example.com/api/v1//");
      expect(code).not.toContain(PLACEHOLDER_APP);
      expect(code).not.toMatch(/Replace (my-app|beta)/);
    }
    expect(byId(snippets, "curl")).toContain("APP=chan\n");
    expect(byId(snippets, "curl")).toContain("CHANNEL=beta\n");
  });

  it("never holds a secret: the token is read from the CI's secret variable", () => {
    const leaky = { ...CI, secret: "shp_0123456789abcdefghijklmnopqrstuvwxyzAB" } as CiSnippetInput;
    const snippets = ciSnippets(leaky);
    for (const { code } of snippets) expect(code).not.toContain("shp_");

    const [step] = yaml.load(byId(snippets, "github")) as GithubStep[];
    expect(step?.env.SHIPYARD_TOKEN).toBe("${{ secrets.SHIPYARD_TOKEN }}");
    expect(step?.env.SHIPYARD_URL).toBe("https://apps.example.com");

    // GitLab: a masked CI/CD variable, so the job itself must not define it.
    const { publish } = yaml.load(byId(snippets, "gitlab")) as { publish: GitlabJob };
    expect(Object.keys(publish.variables)).toEqual(["SHIPYARD_URL"]);
    expect(byId(snippets, "gitlab")).toMatch(/Mask variable/);

    const curl = byId(snippets, "curl");
    expect(curl).toContain(': "${SHIPYARD_TOKEN:?');
    expect(curl.match(/Authorization: Bearer \$SHIPYARD_TOKEN/g)).toHaveLength(3);
    expect(curl).not.toMatch(/SHIPYARD_TOKEN=/);
  });

  it("gives the GitHub step CLI arguments the real publish command accepts", () => {
    const [step] = yaml.load(byId(ciSnippets(CI), "github")) as GithubStep[];
    expect(step?.name).toBe("Publish to Shipyard");
    const command = (step?.run ?? "").trim().replace(/\\\n\s*/g, " ");
    expect(argvOf(command, { GITHUB_REF_NAME: "v1.4.0", GITHUB_RUN_NUMBER: "212" })).toEqual([
      "publish",
      "--app",
      "chan",
      "--channel",
      "beta",
      "--version",
      "1.4.0",
      "--build",
      "212",
      PLACEHOLDER_FILE,
    ]);
  });

  it("gives the GitLab job one folded command line with the same arguments, on tags", () => {
    const { publish } = yaml.load(byId(ciSnippets(CI), "gitlab")) as { publish: GitlabJob };
    expect(publish.script).toHaveLength(1);
    expect(publish.rules).toEqual([{ if: "$CI_COMMIT_TAG" }]);
    expect(argvOf((publish.script[0] ?? "").trim(), { CI_COMMIT_TAG: "v2.0.1", CI_PIPELINE_IID: "7" })).toEqual([
      "publish",
      "--app",
      "chan",
      "--channel",
      "beta",
      "--version",
      "2.0.1",
      "--build",
      "7",
      PLACEHOLDER_FILE,
    ]);
  });

  it("promotes only when the token may promote", () => {
    expect(ciSnippets(CI).every((s) => !s.code.includes("promote"))).toBe(true);
    const promoting = ciSnippets({ ...CI, scopes: ["releases:upload", "releases:publish", "channels:promote"] });
    expect(byId(promoting, "github")).toContain("--promote");
    expect(byId(promoting, "gitlab")).toContain("--promote");
    expect(byId(promoting, "curl")).toContain('\\"promote\\":true');
    expect(byId(ciSnippets({ ...CI, scopes: ["admin"] }), "github")).toContain("--promote");
  });

  it("uses placeholders, and says so, when the token is not restricted", () => {
    const snippets = ciSnippets({ ...CI, app: null, channel: null });
    for (const { code } of snippets) {
      expect(code).toContain(`Replace ${PLACEHOLDER_APP} with your app's slug`);
      expect(code).toContain("Replace beta with the channel");
    }
    expect(byId(snippets, "github")).toContain("--app my-app --channel beta");
    // An app but no channel: the app is real, only the channel is a stand-in.
    const appOnly = byId(ciSnippets({ ...CI, channel: null }), "gitlab");
    expect(appOnly).toContain("--app chan --channel beta");
    expect(appOnly).not.toContain("Replace my-app");
  });

  it("does what a token without publish scopes can do instead of a publish it would fail", () => {
    expect(ciJobFor(["releases:upload"])).toBe("whoami");
    expect(ciJobFor(["apps:read", "releases:read"])).toBe("list-releases");
    const readOnly = ciSnippets({ ...CI, scopes: ["apps:read", "releases:read"] });
    for (const { code } of readOnly) expect(code).not.toMatch(/shipyard publish|\/api\/v1\/uploads|-d /);
    expect(byId(readOnly, "github")).toContain("shipyard releases list \\\n      --app chan");
    expect(byId(readOnly, "curl")).toContain('"$SHIPYARD_URL/api/v1/apps/$APP/releases"');
    const [step] = yaml.load(byId(ciSnippets({ ...CI, scopes: ["audit:read"] }), "github")) as GithubStep[];
    expect(step?.run.trim()).toBe(`npx --yes --package=${SHIPYARD_CLI_PACKAGE} shipyard whoami`);
  });

  it("writes a curl script sh can parse, for every kind of token", () => {
    for (const scopes of [["releases:upload", "releases:publish", "channels:promote"], ["releases:read"], ["audit:read"]] as const) {
      const script = byId(ciSnippets({ ...CI, scopes }), "curl");
      expect(() => execFileSync("sh", ["-n"], { input: script })).not.toThrow();
    }
  });

  it("quotes a URL the shell and YAML would otherwise split or misread", () => {
    expect(shellQuote("https://apps.example.com")).toBe("https://apps.example.com");
    expect(shellQuote("https://x.example.com/a b?c=1&d='e'")).toBe(`'https://x.example.com/a b?c=1&d='"'"'e'"'"''`);
    const odd = ciSnippets({ ...CI, publicUrl: "https://x.example.com/ship yard" });
    expect(byId(odd, "curl")).toContain("SHIPYARD_URL='https://x.example.com/ship yard'");
    const [step] = yaml.load(byId(odd, "github")) as GithubStep[];
    expect(step?.env.SHIPYARD_URL).toBe("https://x.example.com/ship yard");
  });
});
