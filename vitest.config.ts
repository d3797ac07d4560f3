import path from "node:path";
import { defineConfig } from "vitest/config";

const alias = { "@": path.resolve(import.meta.dirname, "src") };

// Four projects: pure unit tests, integration tests on real SQLite files and loopback servers,
// end-to-end tests driving Debian's Chromium against a production build, and reliability trials
// (crashes, hostile inputs) against that build.
export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: { name: "unit", include: ["tests/unit/**/*.test.ts"], environment: "node" },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          server: { deps: { inline: ["next-auth"] } },
          // A PostgreSQL server for the store variants (see the file).
          globalSetup: ["tests/helpers/postgres-setup.ts"],
          include: ["tests/integration/**/*.test.ts"],
          environment: "node",
          testTimeout: 30_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "e2e",
          include: ["tests/e2e/**/*.test.ts"],
          environment: "node",
          globalSetup: ["tests/e2e/global-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
      {
        resolve: { alias },
        test: {
          // Crash trials and hostile inputs against a real server: a few minutes, bounded, in CI.
          name: "reliability",
          // A group of its own (after unit and integration; vitest runs the single-file e2e group
          // last): kill -9 trials never share the machine with other tests.
          sequence: { groupOrder: 1 },
          include: ["tests/reliability/**/*.test.ts"],
          environment: "node",
          globalSetup: ["tests/e2e/global-setup.ts"],
          testTimeout: 600_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
