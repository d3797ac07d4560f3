import path from "node:path";

/**
 * Makes relative paths (DATA_DIR's default ./data, prisma/migrations) mean what they mean for
 * `npm start`: the project root, wherever `shipyard` was run from.
 */
export function runFromProjectRoot(): void {
  process.chdir(path.resolve(import.meta.dirname, "../../.."));
}
