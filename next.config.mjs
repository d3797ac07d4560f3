/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native SQLite driver and its Prisma adapter must load from node_modules at runtime.
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3"],
  poweredByHeader: false,
  // The build type-checks the app only; `npm run typecheck` covers tests, scripts and bench too.
  typescript: { tsconfigPath: "tsconfig.next.json" },
  typedRoutes: false,
};

export default nextConfig;
