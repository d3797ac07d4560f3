// The layers of src/, checked in CI (`npm run lint:layers`): each layer imports only the layers
// below it. domain → nothing; store, storage, inspect, db → domain; services → those; http, api,
// auth → services; app, components → all of those; the composition root (node-server, janitor,
// bootstrap, composition) wires everything. No exceptions: a rule that needs one is a design to fix.
const INFRA = "^src/server/(store|storage|inspect|db)/";
const TRANSPORT = "^src/server/(http|api|auth)/";
// src/auth.ts binds next-auth to the composition root's store: it is part of the root.
const ROOT = "^src/auth\\.ts$|^src/server/(entry|commands)/|^src/server/(composition|node-server|janitor|bootstrap|runtime|system-health-deps)\\.ts$";
const UI = "^src/(app|components|trpc)/|^src/proxy\\.ts$";

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "domain-imports-nothing",
      comment: "Domain logic is pure: it imports only other domain modules (and libraries).",
      severity: "error",
      from: { path: "^src/domain/" },
      to: { path: "^src/", pathNot: "^src/domain/" },
    },
    {
      name: "config-is-a-leaf",
      comment: "src/env.ts reads process.env and nothing of the app.",
      severity: "error",
      from: { path: "^src/env\\.ts$" },
      to: { path: "^src/" },
    },
    {
      name: "infrastructure-imports-domain-only",
      comment: "Stores, blob storage, inspection and the database client know the domain and each other's types, never services or transport.",
      severity: "error",
      from: { path: INFRA },
      to: { path: `^src/server/(services|http|api|auth)/|${ROOT}|${UI}|^src/cli/|^src/env\\.ts$` },
    },
    {
      name: "services-import-downward",
      comment: "Services get their dependencies passed in: no transport, no composition root, no database client.",
      severity: "error",
      from: { path: "^src/server/services/" },
      to: { path: `${TRANSPORT}|${ROOT}|${UI}|^src/cli/|^src/server/db/` },
    },
    {
      name: "services-are-handed-their-configuration",
      comment: "Services may name the configuration's type, never read it (env() is the composition root's).",
      severity: "error",
      from: { path: "^src/server/services/" },
      to: { path: "^src/env\\.ts$", dependencyTypesNot: ["type-only"] },
    },
    {
      name: "transport-never-imports-ui-or-root",
      comment: "HTTP helpers, tRPC routers and auth sit below the pages and the composition root.",
      severity: "error",
      from: { path: TRANSPORT },
      to: { path: `${ROOT}|${UI}|^src/cli/` },
    },
    {
      name: "components-take-props",
      comment: "Components get data as props or through tRPC; they never reach the database, storage or the composition root.",
      severity: "error",
      from: { path: "^src/components/" },
      to: { path: `${INFRA}|${ROOT}|^src/server/(services|http|auth)/|^src/env\\.ts$|^src/app/`, dependencyTypesNot: ["type-only"] },
    },
    {
      name: "client-code-is-shared",
      comment: "src/client (the tus uploader) runs in the CLI and in the browser: it knows only the domain.",
      severity: "error",
      from: { path: "^src/client/" },
      to: { path: "^src/", pathNot: "^src/(client|domain)/" },
    },
    {
      name: "cli-is-a-client",
      comment: "The CLI talks to the server over HTTP; it shares only the domain.",
      severity: "error",
      from: { path: "^src/cli/" },
      to: { path: "^src/(server|app|components|trpc)/" },
    },
    {
      name: "no-circular",
      comment: "No module reaches itself through runtime imports (cycles of type-only imports are erased at build).",
      severity: "error",
      from: { path: "^src/" },
      to: { circular: true, viaOnly: { dependencyTypesNot: ["type-only"] } },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^src/generated/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default", "types"], extensions: [".ts", ".tsx", ".js", ".mjs", ".json"] },
  },
};
