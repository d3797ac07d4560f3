// Ready-to-paste CI configuration for a new token. The token itself is never an input: every snippet
// reads it from the CI's secret store (SHIPYARD_TOKEN), so a snippet can be shared, committed or
// screenshotted without leaking anything.
import type { TokenScope } from "./token";
import { hasScope } from "./token-grant";

/**
 * Where CI fetches the shipyard CLI from (the README's spelling): the CLI ships with the server's
 * sources, not as a registry package, so the team points this at its copy of the repository.
 */
export const SHIPYARD_CLI_PACKAGE = "github:your-org/shipyard";

/** Stand-ins for what the token does not pin down; the snippets say to replace them. */
export const PLACEHOLDER_APP = "my-app";
export const PLACEHOLDER_CHANNEL = "beta";
export const PLACEHOLDER_FILE = "path/to/app-release.apk";

export interface CiSnippetInput {
  /** The server's PUBLIC_URL. */
  publicUrl: string;
  /** Slug of the app the token is restricted to; null for a token over every app. */
  app: string | null;
  /** Channel the token is restricted to; null for any channel. */
  channel: string | null;
  scopes: readonly TokenScope[];
  cliPackage?: string;
}

export type CiSnippetId = "github" | "gitlab" | "curl";

export interface CiSnippet {
  id: CiSnippetId;
  label: string;
  /** Where to put it, one sentence. */
  hint: string;
  code: string;
}

/** What CI will do with the token: publish when it may, else the most useful call it can make. */
export type CiJob = "publish" | "list-releases" | "whoami";

export function ciJobFor(scopes: readonly TokenScope[]): CiJob {
  const grant = { scopes: [...scopes], appId: null, channel: null };
  if (hasScope(grant, "releases:upload") && hasScope(grant, "releases:publish")) return "publish";
  if (hasScope(grant, "releases:read")) return "list-releases";
  return "whoami";
}

/** Single-quotes a value for POSIX sh unless it is plainly safe as it is (slugs, channels, most URLs). */
export function shellQuote(value: string): string {
  return /^[A-Za-z0-9_\-.:/@%+=,]+$/.test(value) ? value : `'${value.replaceAll("'", `'"'"'`)}'`;
}

/** A YAML plain scalar when safe, else a double-quoted one (JSON strings are valid YAML). */
function yamlScalar(value: string): string {
  return /^[A-Za-z0-9_\-.:/@%+=,]+$/.test(value) && !/^[-:]/.test(value) && !value.includes(": ") ? value : JSON.stringify(value);
}

interface Resolved {
  url: string;
  app: string;
  channel: string;
  job: CiJob;
  promote: boolean;
  cli: string;
  /** Comment lines naming the placeholders left to fill in. */
  todo: string[];
}

function resolve(input: CiSnippetInput): Resolved {
  const grant = { scopes: [...input.scopes], appId: null, channel: null };
  const job = ciJobFor(input.scopes);
  const todo: string[] = [];
  if (input.app === null) todo.push(`Replace ${PLACEHOLDER_APP} with your app's slug (this token works for every app).`);
  if (input.channel === null && job === "publish") todo.push(`Replace ${PLACEHOLDER_CHANNEL} with the channel to publish to.`);
  if (job === "publish") todo.push(`Replace ${PLACEHOLDER_FILE} with your build's path (several files may follow).`);
  return {
    url: input.publicUrl.replace(/\/+$/, ""),
    app: input.app ?? PLACEHOLDER_APP,
    channel: input.channel ?? PLACEHOLDER_CHANNEL,
    job,
    // Promoting needs its own scope; without it publish only adds the release to the channel's list.
    promote: job === "publish" && hasScope(grant, "channels:promote"),
    cli: `npx --yes --package=${input.cliPackage ?? SHIPYARD_CLI_PACKAGE} shipyard`,
    todo,
  };
}

/** The CLI's arguments for the job, one line per group so they read well in YAML and shell. */
function cliArguments(r: Resolved, version: string, build: string): string[] {
  switch (r.job) {
    case "publish":
      return ["publish", `--app ${shellQuote(r.app)} --channel ${shellQuote(r.channel)}`, `--version ${version} --build ${build}${r.promote ? " --promote" : ""}`, PLACEHOLDER_FILE];
    case "list-releases":
      return ["releases list", `--app ${shellQuote(r.app)}`];
    case "whoami":
      return ["whoami"];
  }
}

const comments = (lines: string[]) => lines.map((line) => `# ${line}`);

/** What the CI snippets assume: where the CLI comes from, and where version and build come from. */
function cliNotes(r: Resolved, trigger: string): string[] {
  const [, pkg = ""] = /--package=(\S+)/.exec(r.cli) ?? [];
  return [
    `The CLI ships with Shipyard's sources: point ${pkg} at your copy of the repository.`,
    ...(r.job === "publish" ? [`Version and build come from ${trigger} (v1.4.0 publishes 1.4.0) and its number.`] : []),
  ];
}

function githubActions(r: Resolved): string {
  const [first = "", ...rest] = cliArguments(r, '"${GITHUB_REF_NAME#v}"', '"$GITHUB_RUN_NUMBER"');
  const run = [`${r.cli} ${first}${rest.length ? " \\" : ""}`, ...rest.map((line, i) => `  ${line}${i < rest.length - 1 ? " \\" : ""}`)];
  return [
    "# Add the token as a repository secret named SHIPYARD_TOKEN:",
    "# Settings > Secrets and variables > Actions > New repository secret.",
    ...comments([...r.todo, ...cliNotes(r, "a workflow run on tag pushes")]),
    `- name: ${r.job === "publish" ? "Publish to Shipyard" : "Call Shipyard"}`,
    "  env:",
    `    SHIPYARD_URL: ${yamlScalar(r.url)}`,
    "    SHIPYARD_TOKEN: ${{ secrets.SHIPYARD_TOKEN }}",
    "  run: |",
    ...run.map((line) => `    ${line}`),
  ].join("\n");
}

function gitlabCi(r: Resolved): string {
  const [first = "", ...rest] = cliArguments(r, '"${CI_COMMIT_TAG#v}"', '"$CI_PIPELINE_IID"');
  return [
    '# Add the token as a CI/CD variable named SHIPYARD_TOKEN with "Mask variable" ticked',
    '# (and "Protect variable" if only protected branches and tags publish):',
    "# Settings > CI/CD > Variables > Add variable.",
    ...comments([...r.todo, ...cliNotes(r, "a pipeline for a tag")]),
    `${r.job === "publish" ? "publish" : "shipyard"}:`,
    "  stage: deploy",
    "  image: node:22",
    ...(r.job === "publish" ? ["  rules:", "    - if: $CI_COMMIT_TAG"] : []),
    "  variables:",
    `    SHIPYARD_URL: ${yamlScalar(r.url)}`,
    "  script:",
    // A folded block: the lines join with spaces into one command, and quotes need no escaping.
    "    - >",
    `      ${r.cli} ${first}`,
    ...rest.map((line) => `      ${line}`),
  ].join("\n");
}

function curl(r: Resolved): string {
  const auth = '-H "Authorization: Bearer $SHIPYARD_TOKEN"';
  const lines = [
    "#!/bin/sh",
    "set -eu",
    "# SHIPYARD_TOKEN comes from your CI's secret store; never write the token into a script.",
    ': "${SHIPYARD_TOKEN:?set SHIPYARD_TOKEN to the token}"',
    ...comments(r.todo),
    `SHIPYARD_URL=${shellQuote(r.url)}`,
    `APP=${shellQuote(r.app)}`,
    ...(r.job === "publish" ? [`CHANNEL=${shellQuote(r.channel)}`, `FILE=${PLACEHOLDER_FILE} VERSION=1.0.0 BUILD=1`] : []),
    "",
    "# The token's name, scopes and restriction:",
    `curl -fsS ${auth} "$SHIPYARD_URL/api/v1/whoami"`,
    "echo",
  ];
  if (r.job === "list-releases") {
    lines.push("", "# The app's releases, newest first:", `curl -fsS ${auth} "$SHIPYARD_URL/api/v1/apps/$APP/releases"`);
  }
  if (r.job !== "publish") return lines.join("\n");
  lines.push(
    "",
    "# 1. Open an upload session bound to the file's size and SHA-256.",
    "SIZE=$(wc -c < \"$FILE\" | tr -d ' ')",
    'SHA=$( (sha256sum "$FILE" 2>/dev/null || shasum -a 256 "$FILE") | cut -d\' \' -f1)',
    `UPLOAD=$(curl -fsS ${auth} -H 'content-type: application/json' \\`,
    '  -d "{\\"filename\\":\\"$(basename "$FILE")\\",\\"size\\":$SIZE,\\"sha256\\":\\"$SHA\\"}" \\',
    '  "$SHIPYARD_URL/api/v1/apps/$APP/uploads")',
    'URL=$(echo "$UPLOAD" | jq -r .uploadUrl); ID=$(echo "$UPLOAD" | jq -r .id)',
    "",
    "# 2. Send the bytes (the upload URL is the capability: no token on this call).",
    'curl -fsS -o /dev/null -T "$FILE" "$URL"',
    "",
    "# 3. Publish the release; prints its install page.",
    `curl -fsS ${auth} -H 'content-type: application/json' \\`,
    `  -d "{\\"version\\":\\"$VERSION\\",\\"build\\":\\"$BUILD\\",\\"uploads\\":[\\"$ID\\"]${r.promote ? ',\\"promote\\":true' : ""}}" \\`,
    '  "$SHIPYARD_URL/api/v1/apps/$APP/channels/$CHANNEL/releases" | jq -r .installUrl',
  );
  return lines.join("\n");
}

/** GitHub Actions, GitLab CI and curl snippets for a token with this restriction and these scopes. */
export function ciSnippets(input: CiSnippetInput): CiSnippet[] {
  const r = resolve(input);
  return [
    { id: "github", label: "GitHub Actions", hint: "A step for your workflow's job, after the build.", code: githubActions(r) },
    { id: "gitlab", label: "GitLab CI", hint: "A job for .gitlab-ci.yml.", code: gitlabCi(r) },
    { id: "curl", label: "curl", hint: "The REST calls the CLI makes, for any other CI (needs curl and jq).", code: curl(r) },
  ];
}
