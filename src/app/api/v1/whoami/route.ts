// GET /api/v1/whoami — the calling token's name, scopes and restrictions
import { apiHandler } from "@/server/entry/api";
import { respond, whoamiRepresentation } from "@/server/http/representations";

export const GET = apiHandler(async ({ identity }) => respond(whoamiRepresentation, identity));
