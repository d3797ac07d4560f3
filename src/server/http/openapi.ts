// The OpenAPI 3.1 description of /api/v1, generated from the route table and the same zod schemas
// that validate requests and shape responses: it cannot drift from the code.
import { z } from "zod";
import { AUDIT_TARGET_TYPES } from "@/domain/audit";
import { AUDIT_EXPORT_FORMATS } from "@/domain/audit-query";
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
  query?: Array<string | QueryParam>;
  /** Other representations of the 200 answer (content type → what it holds), chosen by ?format= or Accept. */
  alternatives?: Record<string, string>;
  /** Error statuses beyond the 400/401/403/404 every operation may answer. */
  errors?: number[];
  /** The 201 answer names the new resource's URL in Location. */
  location?: boolean;
}

interface QueryParam {
  name: string;
  description: string;
  enum?: readonly string[];
}

const PAGE_QUERY = ["cursor", "limit"];

const AUDIT_QUERY: QueryParam[] = [
  { name: "app", description: "The app's slug or id (a deleted app's id still finds its events)." },
  { name: "actor", description: "`system`, `user:<id>` or `token:<id>`." },
  { name: "action", description: "A dotted action such as `app.create` or `channel.promote`." },
  { name: "targetType", description: "What the event is about.", enum: AUDIT_TARGET_TYPES },
  { name: "targetId", description: "The target's id; needs `targetType`." },
  { name: "from", description: "Events at or after this day (YYYY-MM-DD, UTC) or ISO 8601 time." },
  { name: "to", description: "Events before this ISO 8601 time, or up to the end of this day (YYYY-MM-DD, UTC)." },
  { name: "cursor", description: "`nextCursor` of the previous page; with `format`, where the export starts." },
  { name: "limit", description: "Events per page, 1 to 100 (default 50); ignored with `format`." },
  {
    name: "format",
    description: "Stream every matching event as a file download instead of one page (also chosen by `Accept: application/x-ndjson` or `text/csv`).",
    enum: AUDIT_EXPORT_FORMATS,
  },
];

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
  "POST /api/v1/apps/{app}/channels/{channel}/releases": { body: publishFromUploadsInputSchema.omit({ channel: true }), response: publishedReleaseRepresentation, status: 201 },
  "POST /api/v1/apps/{app}/uploads": { body: createUploadInputSchema.omit({ app: true }), response: uploadSessionRepresentation, status: 201 },
  "GET /api/v1/apps/{app}/uploads/{id}": { response: uploadSessionRepresentation },
  "POST /api/v1/uploads": { body: createUploadInputSchema, response: uploadSessionRepresentation, status: 201 },
  "GET /api/v1/uploads/{id}": { response: uploadSessionRepresentation },
  "GET /api/v1/tokens": { response: pageOf(tokenRepresentation), query: PAGE_QUERY },
  "POST /api/v1/tokens": { body: createTokenInputSchema, response: createdTokenRepresentation, status: 201 },
  "DELETE /api/v1/tokens/{id}": { response: tokenRepresentation },
  "GET /api/v1/audit": {
    response: pageOf(auditEventRepresentation),
    query: AUDIT_QUERY,
    alternatives: {
      "application/x-ndjson": "With format=jsonl: JSON Lines, one event per line with the fields of a page's items.",
      "text/csv": "With format=csv: RFC 4180 CSV with a header row; metadata is a JSON column, and a cell starting with = + - @ tab or CR is prefixed with an apostrophe.",
    },
  },
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
  const queryParams = (op.query ?? []).map((q) => {
    const param = typeof q === "string" ? { name: q, description: undefined, enum: undefined } : q;
    return {
      name: param.name,
      in: "query",
      required: false,
      ...(param.description && { description: param.description }),
      schema: { type: "string", ...(param.enum && { enum: [...param.enum] }) },
    };
  });
  const alternatives = Object.entries(op.alternatives ?? {}).map(([type, description]) => [type, { schema: { type: "string", description } }]);
  const errors = { description: "Error", content: { "application/json": { schema: errorSchema } } };
  return {
    summary: route.summary,
    ...(route.deprecated && { deprecated: true }),
    ...(route.scope && {
      description: `Requires a token with the \`${route.scope}\` scope (or \`admin\`).${route.global ? " Not available to app-restricted tokens." : ""}${route.wholeApp ? " Not available to channel-restricted tokens." : ""}${route.deprecated ? ` Deprecated: use \`${route.deprecated}\`.` : ""}`,
    }),
    ...(route.public ? { security: [] } : {}),
    parameters: [...pathParams, ...queryParams],
    ...(op.body && { requestBody: { required: true, content: { "application/json": { schema: jsonSchema(op.body, "input") } } } }),
    responses: {
      [String(op.status ?? 200)]: {
        description: "OK",
        ...(op.location && { headers: { Location: { description: "URL of the created resource", schema: { type: "string", format: "uri" } } } }),
        ...(op.response && { content: { "application/json": { schema: jsonSchema(op.response, "output") }, ...Object.fromEntries(alternatives) } }),
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
