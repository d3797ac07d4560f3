// GET/POST /api/v1/tokens — list tokens; create one (its secret appears in this response only)
import { createTokenInputSchema } from "@/domain/token";
import { env } from "@/env";
import { apiHandler } from "@/server/entry/api";
import { parseJsonBody } from "@/server/http/json-body";
import { pageFromQuery } from "@/server/http/query";
import { createdTokenRepresentation, pageOf, respond, tokenRepresentation } from "@/server/http/representations";
import { createToken, listTokens } from "@/server/services/tokens";

export const GET = apiHandler(async ({ req, store }) => respond(pageOf(tokenRepresentation), await listTokens(store, pageFromQuery(new URL(req.url)))));

export const POST = apiHandler(async ({ req, store, actor, identity }) => {
  const input = await parseJsonBody(req, createTokenInputSchema, "token");
  const { tokenDefaultTtlDays, tokenMaxTtlDays } = env();
  const created = await createToken(store, actor, { kind: "token", grant: identity }, input, {
    defaultTtlDays: tokenDefaultTtlDays,
    maxTtlDays: tokenMaxTtlDays,
  });
  return respond(createdTokenRepresentation, { token: created.token, secret: created.raw }, 201);
});
