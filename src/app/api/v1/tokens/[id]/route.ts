// DELETE /api/v1/tokens/{id} — revoke a token, effective on its next request
import { apiHandler } from "@/server/entry/api";
import { respond, tokenRepresentation } from "@/server/http/representations";
import { revokeToken } from "@/server/services/tokens";

export const DELETE = apiHandler<{ id: string }>(async ({ params, store, actor }) => respond(tokenRepresentation, await revokeToken(store, actor, params.id)));
