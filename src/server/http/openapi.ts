// The OpenAPI 3.1 description of /api/v1, generated from the route table and the same zod schemas
// that validate requests and shape responses: it cannot drift from the code.
import { z } from "zod";
import { API_ROUTES, type ApiRoute } from "@/domain/api-routes";
import { createAppRequestSchema, updateAppRequestSchema } from "@/domain/app";
import { promoteRequestSchema } from "@/domain/channel";
import { createTokenInputSchema } from "@/domain/token";
import { createUploadInputSchema, publishFromUploadsInputSchema } from "@/domain/upload";
import {
  appRepresentation,
  auditEventRepresentation,
  channelRepresentation,
  createdTokenRepresentation,
  deletedAppRepresentation,
  pageOf,
  publishedReleaseRepresentation,
  releaseRepresentation,
  releaseWithArtifactsRepresentation,
  tokenRepresentation,
  uploadSessionRepresentation,
  whoamiRepresentation,
} from "./representations";

interface Operation {
  body?: z.ZodType;
  response?: z.ZodType;
  status?: number;
  query?: string[];
  /** Error statuses beyond the 400/401/403/404 every operation may answer. */
  errors?: number[];
  /** The 201 answer names the new resource's URL in Location. */
  location?: boolean;
}

const PAGE_QUERY = ["cursor", "limit"];

const OPERATIONS: Record<string, Operation> = {
  "GET /api/v1/whoami": { response: whoamiRepresentation },
  "GET /api/v1/apps": { response: pageOf(appRepresentation), query: PAGE_QUERY },
  "POST /api/v1/apps": { body: createAppRequestSchema, response: appRepresentation, status: 201, errors: [409], location: true },
  "GET /api/v1/apps/{app}": { response: appRepresentation },
  "PATCH /api/v1/apps/{app}": { body: updateAppRequestSchema, response: appRepresentation },
  "DELETE /api/v1/apps/{app}": { response: deletedAppRepresentation },
  "GET /api/v1/apps/{app}/releases": { response: pageOf(releaseRepresentation), query: PAGE_QUERY },
  "POST /api/v1/apps/{app}/releases": { body: publishFromUploadsInputSchema, response: publishedReleaseRepresentation, status: 201 },
  "GET /api/v1/apps/{app}/releases/{id}": { response: releaseWithArtifactsRepresentation },
  "GET /api/v1/apps/{app}/channels": { response: z.object({ items: z.array(channelRepresentation) }) },
  "POST /api/v1/apps/{app}/channels/{channel}/promote": { body: promoteRequestSchema, response: channelRepresentation },
  "POST /api/v1/apps/{app}/channels/{channel}/rollback": { response: channelRepresentation },
  "POST /api/v1/uploads": { body: createUploadInputSchema, response: uploadSessionRepresentation, status: 201 },
  "GET /api/v1/uploads/{id}": { response: uploadSessionRepresentation },
  "GET /api/v1/tokens": { response: pageOf(tokenRepresentation), query: PAGE_QUERY },
  "POST /api/v1/tokens": { body: createTokenInputSchema, response: createdTokenRepresentation, status: 201 },
  "DELETE /api/v1/tokens/{id}": { response: tokenRepresentation },
  "GET /api/v1/audit": { response: pageOf(auditEventRepresentation), query: [...PAGE_QUERY, "actor", "action", "targetType", "targetId", "from", "to"] },
};

const jsonSchema = (schema: z.ZodType, io: "input" | "output") => z.toJSONSchema(schema, { io, unrepresentable: "any", target: "draft-2020-12" });

const errorSchema = {
  type: "object",
  properties: { error: { type: "object", properties: { code: { type: "string" }, message: { type: "string" } }, required: ["code", "message"] } },
  required: ["error"],
};

function operation(route: ApiRoute): Record<string, unknown> {
  const op = OPERATIONS[`${route.method} ${route.path}`] ?? {};
  const pathParams = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: "path", required: true, schema: { type: "string" } }));
  const queryParams = (op.query ?? []).map((name) => ({ name, in: "query", required: false, schema: { type: "string" } }));
  const errors = { description: "Error", content: { "application/json": { schema: errorSchema } } };
  return {
    summary: route.summary,
    ...(route.scope && { description: `Requires a token with the \`${route.scope}\` scope (or \`admin\`).${route.global ? " Not available to app-restricted tokens." : ""}` }),
    ...(route.public ? { security: [] } : {}),
    parameters: [...pathParams, ...queryParams],
    ...(op.body && { requestBody: { required: true, content: { "application/json": { schema: jsonSchema(op.body, "input") } } } }),
    responses: {
      [String(op.status ?? 200)]: {
        description: "OK",
        ...(op.location && { headers: { Location: { description: "URL of the created resource", schema: { type: "string", format: "uri" } } } }),
        ...(op.response && { content: { "application/json": { schema: jsonSchema(op.response, "output") } } }),
      },
      "400": errors,
      "401": errors,
      "403": errors,
      "404": errors,
      ...Object.fromEntries((op.errors ?? []).map((status) => [String(status), errors])),
    },
  };
}

export function buildOpenApiDocument(serverUrl: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of API_ROUTES) {
    paths[route.path.replace(/^\/api\/v1/, "")] ??= {};
    (paths[route.path.replace(/^\/api\/v1/, "")] as Record<string, unknown>)[route.method.toLowerCase()] = operation(route);
  }
  return {
    openapi: "3.1.0",
    info: { title: "Shipyard API", version: "1", description: "Publish builds from CI and manage releases. Send `Authorization: Bearer shp_…`." },
    servers: [{ url: `${serverUrl}/api/v1` }],
    security: [{ bearer: [] }],
    components: { securitySchemes: { bearer: { type: "http", scheme: "bearer" } } },
    paths,
  };
}
