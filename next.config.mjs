/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native SQLite driver and its Prisma adapter must load from node_modules at runtime.
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3"],
  poweredByHeader: false,
  // The build type-checks the app only; `npm run typecheck` covers tests, scripts and bench too.
  typescript: { tsconfigPath: "tsconfig.next.json" },
  typedRoutes: false,
  async headers() {
    // Chromium browsers then send OS version and CPU architecture on later requests, which the
    // install pages use to pick a file and run pre-install checks (frozen user agents hide both).
    return [
      {
        source: "/:path*",
        headers: [{ key: "Accept-CH", value: "Sec-CH-UA-Platform-Version, Sec-CH-UA-Arch, Sec-CH-UA-Bitness, Sec-CH-UA-Model" }],
      },
    ];
  },
};

export default nextConfig;
