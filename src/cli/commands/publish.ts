import type { ApiClient } from "../api-client";
import { CliError, EXIT } from "../exit-codes";
import type { Output } from "../output";

export async function publish(_client: ApiClient, _args: string[], _out: Output): Promise<void> {
  throw new CliError("publish needs the upload API, which this server build does not have yet", EXIT.FAILURE);
}
