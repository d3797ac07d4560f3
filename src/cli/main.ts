// The shipyard CLI. Admin, backup and restore work on the local data dir (the server's own commands,
// handed in by the entry point); everything else talks to a server (SHIPYARD_URL / --url) with a
// token (SHIPYARD_TOKEN / --token). Plain Node, no Next.js.
import { ApiClient } from "./api-client";
import { appsCommand } from "./commands/apps";
import { channelsMove, channelsRollout, releasesList, whoami } from "./commands/remote";
import { CliError, EXIT, type ExitCode } from "./exit-codes";
import { consoleOutput, type Output } from "./output";
import type { LoadServerCommands } from "./server-commands";

export const USAGE = `shipyard — publish builds to a Shipyard server

Usage:
  shipyard publish --app <slug> --channel <name> --version <v> --build <b> [--notes s | --notes-file f] [--promote] [--json] <files…>
  shipyard releases list --app <slug> [--limit n] [--json]
  shipyard channels promote --app <slug> --channel <name> --release <id> [--rollout <percent>] [--json]
  shipyard channels rollback --app <slug> --channel <name> [--json]
  shipyard channels rollout --app <slug> --channel <name> --percent <0-100> [--json]
  shipyard apps list [--json]
  shipyard apps create <slug> --name <display name> [--bundle-id <platform>=<id> …] [--visibility private|unlisted|public] [--json]
  shipyard apps update <slug> [--name <display name>] [--bundle-id <platform>=<id> …] [--visibility …] [--json]
  shipyard apps delete <slug> --yes [--json]                    (irreversible; see shipyard apps --help)
  shipyard whoami [--json]
  shipyard admin token create … | shipyard admin app create …   (on the server, see shipyard admin)
  shipyard backup <dir> | shipyard restore <dir>                (on the server: its data dir)
  shipyard migrate-data --from <old data dir>                   (on the server: into PostgreSQL and S3)

Every server command takes --url <url> (or SHIPYARD_URL) and --token <token> (or SHIPYARD_TOKEN).
Exit codes: 0 ok, 1 unexpected failure, 2 usage or invalid input, 3 authentication or permission,
4 network (unreachable or server errors after retries), 5 not found, 6 conflict or promotion gate.`;

/** Pulls --url/--token out of the arguments (flags win over the environment). */
function connection(args: string[]): { rest: string[]; url?: string; token?: string } {
  const rest: string[] = [];
  let url = process.env.SHIPYARD_URL;
  let token = process.env.SHIPYARD_TOKEN;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? "";
    if (arg === "--url" || arg === "--token") {
      const value = args[++i];
      if (value === undefined) throw new CliError(`${arg} needs a value`, EXIT.USAGE);
      if (arg === "--url") url = value;
      else token = value;
    } else if (arg.startsWith("--url=")) url = arg.slice(6);
    else if (arg.startsWith("--token=")) token = arg.slice(8);
    else rest.push(arg);
  }
  return { rest, url, token };
}

function client(url: string | undefined, token: string | undefined, out: Output): ApiClient {
  if (!url) throw new CliError("no server: pass --url or set SHIPYARD_URL", EXIT.USAGE);
  if (!token) throw new CliError("no token: pass --token or set SHIPYARD_TOKEN", EXIT.AUTH);
  return new ApiClient({ url, token, onRetry: (attempt, delay, reason) => out.info(`retrying in ${Math.round(delay)} ms (attempt ${attempt} failed: ${reason})`) });
}

export interface CliHost {
  /** The server-side commands (bin/shipyard.mjs passes src/server/commands); absent, they are refused. */
  serverCommands?: LoadServerCommands;
}

export async function main(argv: string[], out: Output = consoleOutput(), host: CliHost = {}): Promise<ExitCode> {
  try {
    const [command, ...args] = argv;
    if (command === undefined || command === "help" || command === "--help" || command === "-h") {
      out.info(USAGE);
      return command === undefined ? EXIT.USAGE : EXIT.OK;
    }
    if (command === "admin" || command === "backup" || command === "restore" || command === "migrate-data") {
      if (!host.serverCommands) throw new CliError(`shipyard ${command} runs on the server, from its own install of Shipyard`, EXIT.USAGE);
      const commands = await host.serverCommands();
      await commands[command](args, out);
      return EXIT.OK;
    }
    const { rest, url, token } = connection(args);
    const api = () => client(url, token, out);
    const [sub, ...subArgs] = rest;
    if (command === "whoami") await whoami(api(), rest, out);
    else if (command === "apps") await appsCommand(api, rest, out);
    else if (command === "releases" && sub === "list") await releasesList(api(), subArgs, out);
    else if (command === "channels" && (sub === "promote" || sub === "rollback")) await channelsMove(api(), sub, subArgs, out);
    else if (command === "channels" && sub === "rollout") await channelsRollout(api(), subArgs, out);
    else if (command === "publish") {
      const { publish } = await import("./commands/publish");
      await publish(api(), rest, out);
    } else throw new CliError(`unknown command: ${[command, sub].filter(Boolean).join(" ")}\n\n${USAGE}`, EXIT.USAGE);
    return EXIT.OK;
  } catch (error) {
    if (error instanceof CliError) {
      out.info(`error: ${error.message}`);
      return error.exitCode;
    }
    if (error instanceof TypeError && "code" in error && String((error as { code: unknown }).code).startsWith("ERR_PARSE_ARGS")) {
      out.info(`error: ${error.message}`);
      return EXIT.USAGE;
    }
    out.info(`error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return EXIT.FAILURE;
  }
}
